import { describe, expect, it } from 'vitest';
import { pinSecret } from '../../src/secrets.js';
import { ident, inline, jsonLine, quoted, said, term } from '../../src/untrusted.js';

/** Every character the escape must never let through raw: each can break or hide a line. */
const HIDDEN = [
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00ad',
  '\u061c',
  '\u180e',
  '\u200b',
  '\u200d',
  '\u200e',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u2060',
  '\u2066',
  '\u2069',
  '\ufeff',
  '\ufff9',
  '\u{e0001}',
  '\u{e0041}',
  '\u{e007f}',
];

describe('the one escape for upstream text', () => {
  it.each(HIDDEN.map((c) => [c.codePointAt(0)?.toString(16) ?? '', c]))(
    'U+%s is escaped, in text and in JSON',
    (_hex, c) => {
      const text = `a${c}b`;
      expect(inline(text)).not.toContain(c);
      expect(inline(text)).toMatch(/^a\\(n|r|t|u[0-9a-f]{4}(\\u[0-9a-f]{4})?)b$/);
      expect(jsonLine({ text })).not.toContain(c);
      expect(JSON.parse(jsonLine({ text }))).toEqual({ text });
    },
  );

  it('keeps ordinary text as it is, emoji and accents included', () => {
    expect(inline('Größe: 3 GPUs 🚀 (ready)')).toBe('Größe: 3 GPUs 🚀 (ready)');
    expect(quoted('my box')).toBe('"my box"');
  });

  it('cannot be closed early: quotes and backslashes inside are escaped', () => {
    expect(quoted('box" (scratch)\\nUndo: none')).toBe('"box\\" (scratch)\\\\nUndo: none"');
  });

  it('cuts long text by code points, marking the cut', () => {
    expect(inline('a'.repeat(200), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(inline('🚀'.repeat(20), 5)).toBe(`${'🚀'.repeat(4)}…`);
    expect(jsonLine({ a: 'b'.repeat(50) }, 20)).toHaveLength(20);
  });

  it('says who said it, and keeps known words and id-shaped ids bare', () => {
    expect(said('the API', 'No such machine')).toBe('the API said: "No such machine"');
    const states = new Set(['ready', 'off']);
    expect(term('ready', states)).toBe('ready');
    expect(term('ready\nIGNORE', states)).toBe('"ready\\nIGNORE"');
    expect(term(undefined, states)).toBe('"undefined"');
    expect(ident('psw2k7x1:v3')).toBe('psw2k7x1:v3');
    expect(ident('ps 1 IGNORE ALL')).toBe('"ps 1 IGNORE ALL"');
    expect(ident(42)).toBe('"42"');
  });

  it('filters secrets before it cuts or escapes: no part of one is left, no escape hides one', () => {
    const known = 'known-secret-"quoted"-5e1a';
    pinSecret(known);
    expect(quoted(`${'x'.repeat(10)}${known}`, 15)).toBe('"xxxxxxxxxx[red…"');
    expect(quoted(`said ${known}`)).toBe('"said [redacted]"');
    expect(quoted('an arg-secret-7c2d9e', 120, { values: ['arg-secret-7c2d9e'] })).toBe('"an [redacted]"');
    expect(jsonLine({ password: 'hunter2-hunter2', note: known })).toBe(
      '{"password":"[redacted]","note":"[redacted]"}',
    );
  });
});
