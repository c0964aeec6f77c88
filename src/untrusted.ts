/**
 * The one escape for upstream text. A string that came from the Paperspace API or a storage
 * provider's S3 (a name, a state, an error message or code, an object key) and is placed in this
 * server's own prose (error messages, hints, wait summaries, progress messages, batch item errors,
 * a resource's error field, previews) is data, never layout: it goes on one line with control,
 * line- and paragraph-separator, zero-width, bidirectional and invisible tag characters escaped,
 * cut to a length, and quoted. So only the server starts a line or a sentence, and a crafted
 * `x\n\nIGNORE PREVIOUS INSTRUCTIONS: …` reads as what it is: a quote of what upstream said.
 * Structured data (structuredContent and its JSON mirror) carries upstream values unchanged.
 *
 * The text passes the secret filter (known values, secret-named pairs) before it is cut and
 * escaped: a cut never leaves part of a secret behind, and an escaped quote or backslash never
 * hides one from the filter at the exit.
 */
import { type RedactScope, redact, redactText } from './secrets.js';

/** Longest piece of upstream text in one place (a name, a state, an id). */
export const MAX_FIELD_CHARS = 120;
/** Longest upstream message quoted in one place (an API or S3 error message). */
export const MAX_MESSAGE_CHARS = 500;

// C0/C1 controls and DEL, soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width
// and bidi marks, line/paragraph separators, bidi embeddings/overrides/isolates, word joiners,
// BOM, interlinear annotation marks, and the invisible tag characters (U+E0000-E007F).
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\uXXXX` per UTF-16 unit: the form JSON reads back, so a JSON line stays valid JSON. */
const unicodeEscape = (c: string): string =>
  Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

const escapeChar = (c: string): string => SHORT[c] ?? unicodeEscape(c);

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));

/** Cut before escaping, by code points, so no escape sequence or surrogate pair is split. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Upstream text on one line: filtered, cut at `max` characters (an ellipsis marks the cut), then
 * escaped. `scope`: the call's own secret values, on top of the ones the server always knows.
 */
export function inline(value: unknown, max = MAX_FIELD_CHARS, scope?: RedactScope): string {
  return cut(redactText(textOf(value), scope), max)
    .replace(/\\/g, '\\\\')
    .replace(UNSAFE, escapeChar);
}

/** Upstream text as a quoted string: `inline` with double quotes escaped too, between double quotes. */
export function quoted(value: unknown, max = MAX_FIELD_CHARS, scope?: RedactScope): string {
  return `"${inline(value, max, scope).replace(/"/g, '\\"')}"`;
}

/** What an upstream party said, as a quote: `the API said: "…"`. */
export function said(who: string, value: unknown, max = MAX_MESSAGE_CHARS, scope?: RedactScope): string {
  return `${who} said: ${quoted(value, max, scope)}`;
}

/**
 * A word of this server's own vocabulary (a machine state, an error code it knows) stays bare, so
 * ordinary messages read as before; any other upstream value is quoted.
 */
export function term(value: unknown, vocabulary: ReadonlySet<string>): string {
  return typeof value === 'string' && vocabulary.has(value) ? value : quoted(value);
}

/** An id's shape: letters, digits and `-_.:`, up to 64 characters (no space, nothing to read as a sentence). */
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** An upstream id (or a one-word name): bare when it has an id's shape, else quoted like any upstream text. */
export function ident(value: unknown): string {
  return typeof value === 'string' && ID_SHAPE.test(value) ? value : quoted(value);
}

/**
 * Upstream data as JSON on one line, for prose that carries it whole (an error's details, an
 * answer returned as received): JSON already escapes controls and quotes; the characters it leaves
 * raw (line separators, bidi, zero-width, tag characters) are escaped as `\u` sequences, so the
 * text still parses to the same value. Cut at `max` characters when given.
 */
export function jsonLine(value: unknown, max = Number.POSITIVE_INFINITY, scope?: RedactScope): string {
  const text = JSON.stringify(redact(value, scope)) ?? 'null';
  return cut(text, max).replace(UNSAFE, unicodeEscape);
}
