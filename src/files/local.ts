import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FilesError } from './errors.js';

/**
 * Where local paths may point. Local files belong to the user on the machine the server runs on:
 * over stdio anywhere the process may go; over HTTP only below `--files-root`, and not at all
 * without it (a remote caller must never read or write the server's disk).
 */
export type LocalAccess = { mode: 'any' } | { mode: 'root'; root: string } | { mode: 'none' };

export function localAccessOf(config: { http: boolean; filesRoot?: string | undefined }): LocalAccess {
  if (!config.http) return { mode: 'any' };
  return config.filesRoot ? { mode: 'root', root: resolve(config.filesRoot) } : { mode: 'none' };
}

const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Resolves a local path the agent gave. Relative paths are taken from the working directory (stdio)
 * or the files root (HTTP); "~" is the home directory on stdio. Under a root, the real path of the
 * path (or of its nearest existing ancestor) must stay inside the real root: no "..", no symlink out.
 */
export async function resolveLocal(access: LocalAccess, path: string, field: string): Promise<string> {
  if (access.mode === 'none') {
    throw new FilesError(
      `${field}: local paths are only available when the server runs on your machine (stdio), or over HTTP with --files-root. Nothing was transferred.`,
    );
  }
  if (path === '' || path.includes('\0')) throw new FilesError(`${field}: a local path is required.`);
  if (access.mode === 'any') {
    return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : resolve(path);
  }
  const root = await realpath(access.root);
  const wanted = resolve(access.root, path);
  const real = await realpathOfExisting(wanted);
  if (!within(access.root, wanted) || !within(root, real)) {
    throw new FilesError(
      `${field}: ${JSON.stringify(path)} is outside the files root (--files-root). Nothing was transferred.`,
    );
  }
  return wanted;
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
async function realpathOfExisting(path: string): Promise<string> {
  let current = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}

/** Re-checks, after directories were created, that a write target is still inside the root. */
export async function checkStillInside(access: LocalAccess, path: string): Promise<void> {
  if (access.mode !== 'root') return;
  const root = await realpath(access.root);
  if (!within(root, await realpathOfExisting(path))) {
    throw new FilesError(`${JSON.stringify(path)} resolves outside the files root (--files-root).`);
  }
}

export interface LocalFile {
  /** Absolute path on disk. */
  path: string;
  /** "/"-separated path relative to the upload's source. */
  rel: string;
  size: number;
  mtimeMs: number;
}

/** The files to upload from a file or a directory tree, sorted; symlinks are not followed. */
export async function walkLocal(access: LocalAccess, source: string): Promise<LocalFile[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(source);
  } catch {
    throw new FilesError(`sourcePath/fromPath ${JSON.stringify(source)} does not exist.`);
  }
  if (info.isFile()) {
    const name = source.split(sep).at(-1) as string;
    return [{ path: source, rel: name, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) }];
  }
  const files: LocalFile[] = [];
  const visit = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) {
        const s = await lstat(full);
        files.push({
          path: full,
          rel: relative(source, full).split(sep).join('/'),
          size: s.size,
          mtimeMs: Math.trunc(s.mtimeMs),
        });
      }
      // Symlinks and special files are skipped: under a files root they could point outside it.
    }
  };
  await visit(source);
  await checkStillInside(access, source);
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Digest of a local file list (paths, sizes, modification times): any change gives another. */
export function digestOf(files: readonly LocalFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.rel}\0${f.size}\0${f.mtimeMs}\n`);
  return hash.digest('hex').slice(0, 32);
}

export async function ensureDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}
