/**
 * How text from the API appears in a preview: as data, never as layout. Every string that came
 * from the API (names, descriptions, messages, states, ids) is put on one line with control,
 * line-separator and bidirectional-override characters escaped, and cut to a length. So only the
 * server can start a line, and the lines it writes (Target, Undo, facts) cannot be imitated by a
 * crafted name such as `box" (scratch)\nUndo: Nothing is deleted`.
 */

/** Longest piece of API text shown in one place. */
export const MAX_FIELD_CHARS = 120;
/** Longest preview or elicitation message, all lines together. */
export const MAX_PREVIEW_CHARS = 2_000;

// C0/C1 controls, DEL, the Unicode line/paragraph separators, zero-width and bidi controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const escapeChar = (c: string): string => {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
};

/** API text on one line: cut at `max` characters (an ellipsis marks the cut), then escaped. */
export function inline(value: unknown, max = MAX_FIELD_CHARS): string {
  return cut(textOf(value), max).replace(/\\/g, '\\\\').replace(UNSAFE, escapeChar);
}

/** API text as a quoted string: `inline` with double quotes escaped too, between double quotes. */
export function quoted(value: unknown, max = MAX_FIELD_CHARS): string {
  return `"${inline(value, max).replace(/"/g, '\\"')}"`;
}

/** A whole message cut to `max` characters; cut at a line end where one is near. */
export function capMessage(text: string, max = MAX_PREVIEW_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const lineEnd = head.lastIndexOf('\n');
  return `${lineEnd > max / 2 ? head.slice(0, lineEnd) : head}…`;
}

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));

/** Cut before escaping, by code points, so no escape sequence or surrogate pair is split. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
