import { lstat, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { quoted } from '../untrusted.js';
import type { FilesEnv } from './env.js';
import { FilesError } from './errors.js';
import { resolveLocal, shownPath } from './local.js';
import { cleanFilePath, safeRelativePath } from './location.js';
import { inlineText, listAll, withVersion } from './operations.js';
import type { VersionStorage } from './resolve.js';
import { type DownloadItem, downloadFiles, type Replaced } from './transfer.js';

/**
 * datasets_versions_files_get: a small text file inline, or a download to a local path. A
 * download is a local write: planned before the gate (which asks before a local file is
 * replaced), refused under --read-only.
 */

export interface GetArgs {
  datasetId: string;
  version: string;
  path?: string | undefined;
  toPath?: string | undefined;
  overwrite?: boolean | undefined;
}

/**
 * What a download to `toPath` will write, decided before the gate: the objects and their local
 * destinations, and the local files that already exist there (the gate asks before replacing
 * them, bound to their size and modification time). Without `overwrite`, an existing file refuses
 * the whole download before a byte moves. Under --read-only nothing local is written.
 */
export interface DownloadPlan {
  kind: 'download';
  /** toPath as the caller sees it. */
  savedTo: string;
  /** The version path downloaded ("" or "dir/" for a prefix). */
  path: string;
  items: DownloadItem[];
  skipped: string[];
  replace: Replaced[];
}

export function refuseLocalWriteWhenReadOnly(
  env: Pick<FilesEnv, 'local'>,
  args: Pick<GetArgs, 'toPath' | 'overwrite'>,
) {
  if (env.local.readOnly && (args.toPath !== undefined || args.overwrite === true)) {
    throw new FilesError(
      'toPath/overwrite: this server runs in read-only mode (--read-only), so no local file is written. Leave toPath out to read a small text file inline.',
    );
  }
}

export async function planDownload(env: FilesEnv, args: GetArgs & { toPath: string }): Promise<DownloadPlan> {
  refuseLocalWriteWhenReadOnly(env, args);
  const path = cleanFilePath(args.path ?? '', true);
  const to = await resolveLocal(env.local, args.toPath, 'toPath');
  const destOf = (dest: string) => ({ dest, folder: to.folder, shown: shownPath(to, dest) });
  const plan = await withVersion(env, args.datasetId, args.version, async (storage, bucket) => {
    const base = storage.location.prefix;
    const single = path === '' || path.endsWith('/') ? undefined : await bucket.head(base + path, env.signal);
    if (single) {
      const into = (await isDirectory(to.path)) || args.toPath.endsWith('/');
      const dest = into ? join(to.path, basename(path)) : to.path;
      return { path, items: [{ key: single.key, ...destOf(dest), size: single.size, path }], skipped: [] };
    }
    const dir = path === '' || path.endsWith('/') ? path : `${path}/`;
    const objects = await listAll(bucket, base + dir, env.signal);
    if (objects.length === 0) throw notFound(storage, path);
    const items: DownloadItem[] = [];
    const skipped: string[] = [];
    for (const o of objects) {
      const rel = safeRelativePath(o.key, base + dir);
      if (rel === undefined) skipped.push(o.key.slice(base.length));
      else
        items.push({
          key: o.key,
          ...destOf(join(to.path, ...rel.split('/'))),
          size: o.size,
          path: o.key.slice(base.length),
        });
    }
    return { path: dir, items, skipped };
  });
  const replace: Replaced[] = [];
  for (const item of plan.items) {
    const now = await lstat(item.dest).catch(() => undefined);
    if (now)
      replace.push({ dest: item.dest, shown: item.shown, size: now.size, mtimeMs: Math.trunc(now.mtimeMs) });
  }
  if (replace.length > 0 && args.overwrite !== true) {
    const names = replace.slice(0, 5).map((r) => quoted(r.shown));
    throw new FilesError(
      `${replace.length} local file(s) already exist (${names.join(', ')}${replace.length > 5 ? ', …' : ''}): nothing was downloaded. Pass overwrite: true to replace them (it asks first), or choose another toPath.`,
    );
  }
  return { kind: 'download', savedTo: shownPath(to, to.path), ...plan, replace };
}

/** An inline read of a small text file, or a download planned by planDownload (made now if not given). */
export async function getFiles(env: FilesEnv, args: GetArgs, planned?: DownloadPlan) {
  refuseLocalWriteWhenReadOnly(env, args);
  if (args.toPath === undefined) {
    const path = cleanFilePath(args.path ?? '', true);
    return withVersion(env, args.datasetId, args.version, async (storage, bucket) => {
      const base = storage.location.prefix;
      const single =
        path === '' || path.endsWith('/') ? undefined : await bucket.head(base + path, env.signal);
      if (single) return inlineText(bucket, base + path, path, single.size, env.signal);
      const objects = await listAll(
        bucket,
        base + (path === '' || path.endsWith('/') ? path : `${path}/`),
        env.signal,
      );
      if (objects.length === 0) throw notFound(storage, path);
      throw new FilesError(
        `"${path || '/'}" is a directory of ${objects.length} file(s): pass toPath (a local directory) to download it.`,
      );
    });
  }
  const plan = planned ?? (await planDownload(env, { ...args, toPath: args.toPath }));
  return withVersion(env, args.datasetId, args.version, async (_storage, bucket) => {
    const written = await downloadFiles(bucket, plan.items, {
      replace: plan.replace,
      signal: env.signal,
      onProgress: env.onProgress,
    });
    const [only] = plan.items;
    const single = plan.items.length === 1 && only !== undefined && only.path === plan.path;
    return {
      path: plan.path,
      savedTo: single ? only.shown : plan.savedTo,
      files: written.length,
      bytes: written.reduce((a, f) => a + f.size, 0),
      ...(plan.skipped.length
        ? { skipped: plan.skipped, note: 'Keys that could escape toPath were skipped.' }
        : {}),
    };
  });
}

const notFound = (storage: VersionStorage, path: string) =>
  new FilesError(
    `No file or directory "${path}" in ${storage.datasetId}:${storage.version}. List files with datasets_versions_files_list.`,
  );

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
