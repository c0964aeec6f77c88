import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline as pipe, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_MESSAGE_CHARS, quoted } from '../untrusted.js';
import { FilesError, failureText } from './errors.js';
import { secretScanStream } from './known-secrets.js';
import { fsFailure, type LocalFile, makeDirInside, openPlanned, sameFileInside } from './local.js';
import type { Bucket } from './s3.js';
import { StorageBodyError, StorageRefusal } from './storage-errors.js';

/** Called as bytes move: total so far, the grand total, and what is happening. */
export type OnProgress = (done: number, total: number, message: string) => void;

/** Files transferred at once; each large file also has its parts in flight (see s3.ts). */
const FILE_CONCURRENCY = 4;

export interface Transferred {
  path: string;
  size: number;
}

/** A local path in a message: downloaded names come from object keys, so quoted as upstream text. */
const shownOf = (item: { shown: string }) => quoted(item.shown, MAX_MESSAGE_CHARS);

/**
 * Runs `work` over local files with at most `limit` at a time; stops starting new ones on failure.
 * A file system failure is reported by the file's shown path, never the server's.
 */
async function eachLimited<T extends { shown: string }>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      if (item === undefined) break;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw fsFailure(error, shownOf(item));
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

const sum = (xs: readonly { size: number }[]) => xs.reduce((a, f) => a + f.size, 0);

/**
 * Uploads local files under `keyPrefix`, then checks each object's size on the server. On failure or
 * cancellation it stops cleanly and says which files made it (uploads are idempotent: calling again
 * sends them all again).
 */
export async function uploadFiles(
  bucket: Bucket,
  files: readonly LocalFile[],
  keyPrefix: string,
  options: { signal?: AbortSignal | undefined; onProgress?: OnProgress | undefined },
): Promise<Transferred[]> {
  const total = sum(files);
  const uploaded: Transferred[] = [];
  const inFlight = new Map<string, number>();
  let finishedBytes = 0;
  const report = (message: string) => {
    let done = finishedBytes;
    for (const n of inFlight.values()) done += n;
    options.onProgress?.(done, total, message);
  };
  try {
    await eachLimited(files, FILE_CONCURRENCY, async (file) => {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      inFlight.set(file.rel, 0);
      const key = keyPrefix + file.rel;
      const body = await uploadBody(file);
      try {
        await bucket.put(key, body, file.size, {
          signal: options.signal,
          onBytes: (loaded) => {
            inFlight.set(file.rel, loaded);
            report(`uploading ${file.rel}`);
          },
        });
      } finally {
        // Closes the file however the upload ended (a failed request may leave the stream unread).
        body.destroy();
      }
      const head = await bucket.head(key, options.signal);
      if (head?.size !== file.size) {
        throw new FilesError(
          `${file.rel}: the server holds ${head?.size ?? 'no'} bytes after the upload, the local file has ${file.size}.`,
        );
      }
      inFlight.delete(file.rel);
      finishedBytes += file.size;
      uploaded.push({ path: file.rel, size: file.size });
      report(`uploaded ${file.rel} (${uploaded.length}/${files.length} files)`);
    });
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    const done = `${uploaded.length} of ${files.length} file(s) (${sum(uploaded)} of ${total} bytes) were uploaded${uploaded.length ? `: ${uploaded.map((u) => u.path).join(', ')}` : ''}.`;
    throw new FilesError(
      cancelled
        ? `Upload cancelled: ${done} Call again to upload everything (files already there are replaced).`
        : `Upload stopped: ${reason(error)} ${done} Call again to retry (files already there are replaced).`,
      { cause: error },
    );
  }
  return uploaded.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * The bytes of a planned file, exactly its planned size, read from the descriptor that was checked
 * (see openPlanned) and scanned on the way: a known secret in it stops the upload before any of
 * the secret's bytes are sent.
 */
async function uploadBody(file: LocalFile): Promise<Readable> {
  const handle = await openPlanned(file);
  if (file.size === 0) {
    await handle.close();
    return Readable.from([]);
  }
  const read = handle.createReadStream({ start: 0, end: file.size - 1 });
  return pipe(read, secretScanStream(file.shown, 'uploaded'), () => {});
}

export interface DownloadItem {
  key: string;
  /** Real absolute local destination, inside `folder`. */
  dest: string;
  /** The folder the destination must stay inside. */
  folder: string;
  /** The destination as the caller sees it (relative to its root). */
  shown: string;
  /** Size the listing reported; checked against the bytes written. */
  size: number;
  /** Path as reported back (relative to the version). */
  path: string;
}

/** A local file a download was confirmed to replace, as it was then. */
export interface Replaced {
  dest: string;
  shown: string;
  size: number;
  mtimeMs: number;
}

/**
 * Downloads objects to local files through a temporary file next to each destination, checks the
 * size, then moves it in place. Only the files in `replace` (confirmed, and unchanged since) are
 * replaced; any other destination that exists, or appears meanwhile, is never replaced.
 */
export async function downloadFiles(
  bucket: Bucket,
  items: readonly DownloadItem[],
  options: {
    replace: readonly Replaced[];
    signal?: AbortSignal | undefined;
    onProgress?: OnProgress | undefined;
  },
): Promise<Transferred[]> {
  const replace = new Map(options.replace.map((r) => [r.dest, r]));
  const total = sum(items);
  let done = 0;
  const written: Transferred[] = [];
  try {
    await eachLimited(items, FILE_CONCURRENCY, async (item) => {
      await makeDirInside(item.folder, dirname(item.dest), shownOf(item));
      const temp = `${item.dest}.part-${randomBytes(4).toString('hex')}`;
      try {
        // O_EXCL: a name that exists (a symlink planted there included) is never opened.
        const handle = await open(temp, 'wx');
        let bytes = 0;
        let out: ReturnType<typeof handle.createWriteStream> | undefined;
        try {
          await sameFileInside(await handle.stat(), temp, item.folder, shownOf(item));
          const body = await bucket.get(item.key, {
            size: item.size,
            download: true,
            signal: options.signal,
          });
          const count = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              bytes += chunk.length;
              done += chunk.length;
              options.onProgress?.(done, total, `downloading ${quoted(item.path, MAX_MESSAGE_CHARS)}`);
              cb(null, chunk);
            },
          });
          out = handle.createWriteStream();
          await pipeline(body, count, out, { signal: options.signal }).catch((error: unknown) => {
            throw error instanceof StorageBodyError
              ? new FilesError(
                  `${item.path}: the storage provider sent more than the ${item.size} bytes it listed for it, so it was dropped and nothing of it was kept.`,
                )
              : error;
          });
        } finally {
          if (out === undefined) await handle.close();
        }
        if (bytes !== item.size) {
          throw new FilesError(
            `${quoted(item.path, MAX_MESSAGE_CHARS)}: received ${bytes} bytes, the server listed ${item.size}.`,
          );
        }
        await moveInPlace(temp, item, replace.get(item.dest));
      } finally {
        await unlink(temp).catch(() => {});
      }
      written.push({ path: item.path, size: item.size });
    });
  } catch (error) {
    const cancelled = options.signal?.aborted === true;
    const what = `${written.length} of ${items.length} file(s) were written.`;
    throw new FilesError(
      cancelled ? `Download cancelled: ${what}` : `Download stopped: ${reason(error)} ${what}`,
      { cause: error },
    );
  }
  return written.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Replaces the destination only when it was confirmed and is as it was then; else links, never replacing. */
async function moveInPlace(temp: string, item: DownloadItem, confirmed: Replaced | undefined): Promise<void> {
  if (confirmed) {
    const now = await lstat(item.dest).catch(() => undefined);
    if (now && (now.size !== confirmed.size || Math.trunc(now.mtimeMs) !== confirmed.mtimeMs)) {
      throw new FilesError(`${shownOf(item)} changed since the confirmation and was not replaced.`);
    }
    await rename(temp, item.dest);
    return;
  }
  await link(temp, item.dest).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST'
      ? new FilesError(`${shownOf(item)} appeared during the download and was not replaced.`)
      : error;
  });
}

function reason(error: unknown): string {
  if (error instanceof FilesError) return error.message;
  if (error instanceof StorageRefusal) return `Storage provider: ${error.message}`;
  return `${failureText(error)}.`;
}
