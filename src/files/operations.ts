import { quoted } from '../untrusted.js';
import type { FilesEnv } from './env.js';
import { describeS3Error, FilesError } from './errors.js';
import { refuseKnownSecret } from './known-secrets.js';
import { digestOf, type LocalFile, resolveLocal, shownPath, walkLocal } from './local.js';
import { cleanFilePath } from './location.js';
import { mustBeUncommitted, resolveVersionStorage, type VersionStorage } from './resolve.js';
import { type Bucket, type ObjectInfo, openBucket } from './s3.js';
import { StorageRefusal } from './storage-errors.js';
import { uploadFiles } from './transfer.js';

/** Text comes back inline up to this size (UTF-8 that decodes cleanly); anything else needs toPath. */
export const INLINE_TEXT_BYTES = 256 * 1024;
/** Objects a directory download or an upload preview walks at most. */
export const MAX_TREE_OBJECTS = 10_000;
/** Keys asked for per listing page. */
const PAGE_KEYS = 1000;
/** Pages a walk reads at most: enough for MAX_TREE_OBJECTS in full pages, and a few short ones. */
const MAX_TREE_PAGES = MAX_TREE_OBJECTS / PAGE_KEYS + 10;

export interface FileEntry {
  path: string;
  size: number;
  lastModified: string | null;
}

/**
 * Opens the version's bucket under the call's storage rules, runs `work`, and turns S3 failures
 * into messages naming the provider.
 */
export async function withVersion<T>(
  env: Pick<FilesEnv, 'get' | 'storage'>,
  datasetId: string,
  version: string,
  work: (storage: VersionStorage, bucket: Bucket) => Promise<T>,
): Promise<T> {
  const storage = await resolveVersionStorage(env.get, datasetId, version);
  const bucket = await openBucket(storage.credentials, env.storage.limits, env.storage.onSend);
  try {
    return await work(storage, bucket);
  } catch (error) {
    if (error instanceof FilesError || (error instanceof Error && error.name === 'AbortError')) throw error;
    const { endpoint } = storage.credentials;
    const where = `Storage provider ${storage.provider} at ${endpoint === null ? 'AWS S3' : quoted(endpoint)}`;
    if (error instanceof StorageRefusal) throw new FilesError(`${where}: ${error.message}`, { cause: error });
    throw new FilesError(describeS3Error(error, where), { cause: error });
  } finally {
    bucket.close();
  }
}

const entry = (o: ObjectInfo, prefix: string): FileEntry => ({
  path: o.key.slice(prefix.length),
  size: o.size,
  lastModified: o.lastModified,
});

export async function listFiles(
  env: FilesEnv,
  args: { datasetId: string; version: string; prefix?: string; limit?: number; after?: string },
) {
  const under = cleanFilePath(args.prefix ?? '', true);
  return withVersion(env, args.datasetId, args.version, async (storage, bucket) => {
    const base = storage.location.prefix;
    const after = args.after === undefined ? undefined : base + cleanFilePath(args.after);
    const page = await bucket.list(base + under, args.limit ?? 100, after, env.signal);
    const items = page.objects.map((o) => entry(o, base));
    const last = items.at(-1)?.path;
    return { items, hasMore: page.next !== undefined, nextPage: page.next !== undefined ? last : null };
  });
}

/**
 * Every object below a key prefix, page after page in a loop: at most MAX_TREE_OBJECTS objects
 * and MAX_TREE_PAGES pages, and each page must move the marker on (a peer that repeats a page,
 * or sends empty pages that say there is more, is refused instead of followed).
 */
export async function listAll(
  bucket: Bucket,
  keyPrefix: string,
  signal?: AbortSignal,
): Promise<ObjectInfo[]> {
  const all: ObjectInfo[] = [];
  let marker: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await bucket.list(keyPrefix, PAGE_KEYS, marker, signal);
    for (const o of page.objects) all.push(o);
    if (all.length > MAX_TREE_OBJECTS) {
      throw new FilesError(`More than ${MAX_TREE_OBJECTS} files below this path: narrow it down.`);
    }
    if (page.next === undefined) return all;
    if (pages >= MAX_TREE_PAGES || page.next === marker) {
      throw new FilesError(
        `The storage provider's listing below this path did not end after ${pages} page(s) and ${all.length} file(s): it was not followed further. Narrow the path down.`,
      );
    }
    marker = page.next;
  }
}

export async function inlineText(
  bucket: Bucket,
  key: string,
  path: string,
  size: number,
  signal: AbortSignal,
) {
  const hint = `pass toPath (a local file or directory) to download it, or read it as the resource paperspace://…/files/${path}.`;
  if (size > INLINE_TEXT_BYTES)
    throw new FilesError(`${path} has ${size} bytes (over 256 kB inline): ${hint}`);
  const bytes = await readAll(bucket, key, size, signal);
  const text = decodeText(bytes);
  if (text === undefined) throw new FilesError(`${path} is binary: ${hint}`);
  refuseKnownSecret(bytes, path, 'returned');
  return { path, size: bytes.length, text };
}

/**
 * A small object whole, as its listed `size` says (callers cap it first): a longer body fails
 * while it streams, and the whole of it must arrive within the storage deadline.
 */
export async function readAll(
  bucket: Bucket,
  key: string,
  size: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const body = await bucket.get(key, { size, signal });
  const chunks: Buffer[] = [];
  // The body yields Buffers: no encoding is set on it.
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The text of UTF-8 bytes that decode cleanly and hold no NUL; undefined for binary data. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

/**
 * Local files of an upload, checked against the path rules and the size cap before anything is
 * sent, with the digest of the list (paths, sizes, modification times) a confirmation is bound to.
 * The upload then sends exactly these files (each checked again when it is opened).
 */
export interface UploadPlan {
  kind: 'upload';
  /** The source as the caller sees it (relative to its root). */
  source: string;
  files: LocalFile[];
  bytes: number;
  digest: string;
}

export async function planUpload(
  env: Pick<FilesEnv, 'policy' | 'local'>,
  fromPath: string,
  field: string,
): Promise<UploadPlan> {
  const source = await resolveLocal(env.local, fromPath, field);
  const files = await walkLocal(source, field);
  const shown = shownPath(source, source.path);
  if (files.length === 0) throw new FilesError(`${field}: ${JSON.stringify(shown)} holds no files.`);
  const bytes = files.reduce((a, f) => a + f.size, 0);
  if (bytes > env.policy.maxUploadBytes) throw overCap(field, files.length, bytes, env.policy.maxUploadBytes);
  return { kind: 'upload', source: shown, files, bytes, digest: digestOf(files) };
}

export const overCap = (what: string, files: number, bytes: number, cap: number) =>
  new FilesError(
    `${what}: ${files} file(s) of ${bytes} bytes exceed this server's upload cap of ${cap} bytes per call (--max-upload-bytes). Nothing was sent.`,
  );

/** The key prefix files are uploaded under: the version's prefix, then `toPrefix` as a folder. */
const uploadKeyPrefix = (storage: VersionStorage, toPrefix: string | undefined) => {
  const prefix = cleanFilePath(toPrefix ?? '', true);
  return storage.location.prefix + (prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`);
};

/**
 * The files an upload would replace, as they are now: every object at the path of one of the
 * planned files. Listed below the upload's prefix (bounded: more than 10,000 objects there is an
 * error, and the gate then sends nothing).
 */
export async function describeOverwrite(
  env: Pick<FilesEnv, 'get' | 'storage'> & { signal?: AbortSignal },
  args: { datasetId: string; version: string; toPrefix?: string; rels: readonly string[] },
) {
  return withVersion(env, args.datasetId, args.version, async (storage, bucket) => {
    const keyPrefix = uploadKeyPrefix(storage, args.toPrefix);
    const planned = new Set(args.rels);
    const existing = (await listAll(bucket, keyPrefix, env.signal))
      .filter((o) => planned.has(o.key.slice(keyPrefix.length)))
      .map((o) => ({ path: o.key.slice(storage.location.prefix.length), size: o.size }));
    return { storage, files: existing };
  });
}

export async function putFiles(
  env: FilesEnv,
  args: { datasetId: string; version: string; fromPath: string; toPrefix?: string },
  planned?: LocalFile[],
) {
  const files = planned ?? (await planUpload(env, args.fromPath, 'fromPath')).files;
  return withVersion(env, args.datasetId, args.version, async (storage, bucket) => {
    mustBeUncommitted(storage, 'uploaded');
    const keyPrefix = uploadKeyPrefix(storage, args.toPrefix);
    const uploaded = await uploadFiles(bucket, files, keyPrefix, {
      signal: env.signal,
      onProgress: env.onProgress,
    });
    const under = keyPrefix.slice(storage.location.prefix.length);
    return {
      datasetId: storage.datasetId,
      version: storage.version,
      files: uploaded.length,
      bytes: uploaded.reduce((a, f) => a + f.size, 0),
      uploaded: uploaded.map((u) => ({ path: under + u.path, size: u.size })),
    };
  });
}

/** The files a delete names, as they are now (size, or missing): for the preview and the call. */
export async function describeDeletion(
  env: Pick<FilesEnv, 'get' | 'storage'> & { signal?: AbortSignal },
  args: { datasetId: string; version: string; paths: string[] },
) {
  const paths = args.paths.map((p) => cleanFilePath(p));
  return withVersion(env, args.datasetId, args.version, async (storage, bucket) => {
    const files = await Promise.all(
      paths.map(async (path) => ({
        path,
        size: (await bucket.head(storage.location.prefix + path, env.signal))?.size ?? null,
      })),
    );
    return { storage, files };
  });
}

export async function deleteFiles(
  env: FilesEnv,
  args: { datasetId: string; version: string; paths: string[] },
) {
  const paths = [...new Set(args.paths.map((p) => cleanFilePath(p)))];
  return withVersion(env, args.datasetId, args.version, async (storage, bucket) => {
    mustBeUncommitted(storage, 'deleted');
    const base = storage.location.prefix;
    const present = await Promise.all(paths.map((p) => bucket.head(base + p, env.signal)));
    const missing = paths.filter((_, i) => present[i] === undefined);
    if (missing.length > 0) {
      throw new FilesError(
        `Not found in ${storage.datasetId}:${storage.version}: ${missing.join(', ')}. Nothing was deleted.`,
      );
    }
    await bucket.delete(
      paths.map((p) => base + p),
      env.signal,
    );
    return { datasetId: storage.datasetId, version: storage.version, deleted: paths };
  });
}
