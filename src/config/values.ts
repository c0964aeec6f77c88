import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { isOneOf } from '../types/narrow.js';
import { ConfigError } from './error.js';

/**
 * The checks a configuration value goes through. `name` is where the value came from (`--port` or
 * `PAPERSPACE_MCP_PORT`), so the message points at the one thing to fix.
 */
export const invalid = (name: string, message: string) =>
  new ConfigError(`Invalid ${name}: ${message}. Run paperspace-mcp --help.`);

function fail(error: ConfigError): never {
  throw error;
}

/** The words a boolean environment variable accepts, in any case. */
export const BOOLEAN_WORDS = ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'] as const;
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);

/** "yes" → true, "OFF" → false; anything else stops start-up naming the accepted words. */
export function boolean(name: string, value: string): boolean {
  const word = value.trim().toLowerCase();
  if (!isOneOf(BOOLEAN_WORDS, word)) {
    return fail(
      new ConfigError(
        `Invalid ${name}: "${value}" is not a boolean; use one of ${BOOLEAN_WORDS.join(', ')} (any case).`,
      ),
    );
  }
  return TRUE_WORDS.has(word);
}

/** "a, b,,c" → ["a", "b", "c"]. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A whole number in [min, max]. */
export const integer =
  (min: number, max: number) =>
  (value: string, name: string): number => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isInteger(n)) return fail(invalid(name, `expected a whole number, got "${value}"`));
    if (n < min) return fail(invalid(name, `must be at least ${min}`));
    if (n > max) return fail(invalid(name, `must be at most ${max}`));
    return n;
  };

/** A number above zero (e.g. USD "12.5"). */
export function positive(value: string, name: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) return fail(invalid(name, `expected a number above 0, got "${value}"`));
  return n;
}

/** One of the allowed words. */
export const oneOf =
  <const T extends readonly string[]>(allowed: T) =>
  (value: string, name: string): T[number] => {
    if (!isOneOf(allowed, value)) {
      return fail(invalid(name, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`));
    }
    return value;
  };

/** An http(s) URL. */
export function httpUrl(value: string, name: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    return fail(invalid(name, 'expected an http(s) URL'));
  }
  return value;
}

/** Text of at least `min` characters. */
export const text =
  (min = 1) =>
  (value: string, name: string): string => {
    if (value.length < min) return fail(invalid(name, `must be at least ${min} characters`));
    return value;
  };

/** A redis:// or rediss:// URL. */
export function redisUrl(value: string, name: string): string {
  if (!/^rediss?:\/\/\S+$/.test(value)) return fail(invalid(name, 'expected a redis:// or rediss:// URL'));
  return value;
}

/**
 * Existing folders, as absolute paths; several must have distinct names (a relative path starts
 * with the folder's name when there are several).
 */
export function folders(values: readonly string[], name: string): string[] {
  const out = values.map((value) => {
    const path = resolve(value);
    const isDir = (() => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    })();
    if (!isDir) return fail(invalid(name, `"${value}" is not an existing folder`));
    return path;
  });
  const names = out.map((p) => basename(p));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    return fail(invalid(name, `several folders need distinct names, and "${twice}" is used twice`));
  }
  if (out.length > 1 && names.includes('')) {
    return fail(invalid(name, 'a file system root cannot be one of several folders (it has no name)'));
  }
  return out;
}
