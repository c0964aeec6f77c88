/**
 * The size of a preview. Its API text (names, descriptions, messages, states, ids) is written with
 * the one escape for upstream text (src/untrusted.ts): one line, escaped, cut, names quoted. So
 * only the server starts a line, and the lines it writes (Target, Undo, facts) cannot be imitated
 * by a crafted name such as `box" (scratch)\nUndo: Nothing is deleted`.
 */

/** Longest preview or elicitation message, all lines together. */
export const MAX_PREVIEW_CHARS = 2_000;

/** A whole message cut to `max` characters; cut at a line end where one is near. */
export function capMessage(text: string, max = MAX_PREVIEW_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const lineEnd = head.lastIndexOf('\n');
  return `${lineEnd > max / 2 ? head.slice(0, lineEnd) : head}…`;
}
