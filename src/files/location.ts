import { quoted } from '../untrusted.js';
import { FilesError } from './errors.js';

/** Where a version's files live: `s3://bucket/prefix/` from the version's `url`. */
export interface Location {
  bucket: string;
  /** Key prefix of the version, ending in "/" (or "" for a bucket root). */
  prefix: string;
}

export function parseVersionUrl(url: string | null | undefined): Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url ?? '');
  const bucket = match?.[1];
  if (bucket === undefined)
    throw new FilesError(`The version has no S3 location (url ${quoted(url ?? null)}).`);
  const prefix = match?.[2] ?? '';
  return {
    bucket,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
  };
}

/**
 * A file path inside a version as the agent names it: "/"-separated, relative. Leading "/" and "./"
 * are dropped; "..", ".", empty segments, backslashes and NUL are refused, so a path never leaves
 * the version's prefix. `allowEmpty` accepts "" (the whole version) for prefixes.
 */
export function cleanFilePath(path: string, allowEmpty = false): string {
  const trimmed = path.replace(/^\/+/, '').replace(/^(\.\/)+/, '');
  if (trimmed === '' || trimmed === '.') {
    if (allowEmpty) return '';
    throw new FilesError('A file path is required (e.g. "data/train.csv").');
  }
  const body = trimmed.endsWith('/') ? trimmed.slice(0, -1) : trimmed;
  const bad = body.split('/').find((s) => s === '' || s === '.' || s === '..');
  if (bad !== undefined || /[\\\0]/.test(body)) {
    throw new FilesError(
      `Invalid file path ${JSON.stringify(path)}: use "/"-separated names without ".", ".." or backslashes.`,
    );
  }
  return trimmed;
}

/**
 * The local relative path for an object key below `prefix`, or undefined when the key could escape
 * the download directory (absolute, "..", backslashes, NUL, empty segments) and must be skipped.
 */
export function safeRelativePath(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const rel = key.slice(prefix.length);
  if (rel === '' || rel.startsWith('/') || /[\\\0]/.test(rel) || /^[a-zA-Z]:/.test(rel)) return undefined;
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return rel;
}
