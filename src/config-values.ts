import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ConfigError } from './config-error.js';

/**
 * The checks a configuration value goes through. Messages name the field as `Invalid <field>: …`,
 * the same for every flag, so the operator sees which value to fix.
 */
const invalid = (field: string, message: string) =>
  new ConfigError(`Invalid ${field}: ${message}. Run paperspace-mcp --help.`);

/** "a, b,,c" → ["a", "b", "c"]; undefined stays undefined. */
export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A whole number in [min, max] given as text, or `fallback` when not given. */
export function integer(
  field: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(n)) return fail(invalid(field, `expected a whole number, got "${value}"`));
  if (n < min) return fail(invalid(field, `must be at least ${min}`));
  if (n > max) return fail(invalid(field, `must be at most ${max}`));
  return n;
}

/** A number above zero given as text (e.g. USD "12.5"), or undefined when not given. */
export function positive(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) return fail(invalid(field, `expected a number above 0, got "${value}"`));
  return n;
}

/** One of the allowed values. */
export function oneOf<const T extends readonly string[]>(
  field: string,
  value: string,
  allowed: T,
): T[number] {
  if (!allowed.includes(value)) {
    return fail(invalid(field, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`));
  }
  return value as T[number];
}

/** An http(s) URL. */
export function httpUrl(field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(invalid(field, 'expected an http(s) URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return fail(invalid(field, 'expected an http(s) URL'));
  return value;
}

/** Non-empty text (at least `min` characters when given), or undefined. */
export function text(
  value: string | undefined,
  field = '',
  min = 1,
  message = 'too short',
): string | undefined {
  if (value === undefined) return undefined;
  if (value.length < min) return fail(invalid(field, message));
  return value;
}

function fail(error: ConfigError): never {
  throw error;
}

/** A redis:// or rediss:// URL, or undefined when not given. */
export function redisUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^rediss?:\/\/\S+$/.test(value)) {
    return fail(invalid('PAPERSPACE_MCP_REDIS_URL', 'expected a redis:// or rediss:// URL'));
  }
  return value;
}

/**
 * Existing folders, as absolute paths; several must have distinct names (a relative path starts
 * with the folder's name when there are several).
 */
export function folders(field: string, values: readonly string[] | undefined): string[] {
  const out = (values ?? []).map((value) => {
    const path = resolve(value);
    const isDir = (() => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    })();
    if (!isDir) return fail(invalid(field, `"${value}" is not an existing folder`));
    return path;
  });
  const names = out.map((p) => basename(p));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) {
    return fail(invalid(field, `several folders need distinct names, and "${twice}" is used twice`));
  }
  if (out.length > 1 && names.includes('')) {
    return fail(invalid(field, 'a file system root cannot be one of several folders (it has no name)'));
  }
  return out;
}
