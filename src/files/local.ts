import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isRecord } from '../types/narrow.js';
import { FilesError } from './errors.js';

/**
 * Local paths the model names are someone's files: a tool touches one only inside a configured
 * files root (--files-root), on every transport, and over HTTP only inside the caller's own
 * folder in it. Paths are resolved through symlinks when they are used, and shown relative to
 * their root, never as the server's absolute path.
 */

/** The folders one call may use: each root, or the caller's folder in each (HTTP). */
export interface LocalAccess {
  roots: readonly string[];
  /** Folder name of the caller under each root (HTTP), undefined when the root is the caller's. */
  tenant?: string | undefined;
  /** --read-only: nothing local is written. */
  readOnly: boolean;
}

/** The folders of one caller: every root, or over HTTP the caller's own folder in each. */
export function localAccessFor(
  policy: { roots: readonly string[]; perCaller: boolean; readOnly: boolean },
  caller: string,
): LocalAccess {
  return {
    roots: policy.roots,
    tenant: policy.perCaller ? tenantFolder(caller) : undefined,
    readOnly: policy.readOnly,
  };
}

/** A resolved local path. */
export interface LocalPath {
  /** Real absolute path: symlinks resolved as far as the path exists. */
  path: string;
  /** Real path of the folder it must stay inside (a root, or the caller's folder in it). */
  folder: string;
  /** What shown paths start with: "" with one root, "<root name>/" with several. */
  prefix: string;
}

const MAX_PATH_CHARS = 1024;
/** Files one upload walks at most (as many as a download or a delete preview lists). */
export const MAX_LOCAL_FILES = 10_000;
const MAX_NAME_BYTES = 255;

/** The caller's folder name: a digest of the caller's identity ('' on an open loopback server). */
export const tenantFolder = (caller: string) =>
  createHash('sha256').update(`files\0${caller}`).digest('hex').slice(0, 32);

export const within = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/** A path as the caller sees it: relative to its root, "/"-separated. */
export function shownPath(base: Pick<LocalPath, 'folder' | 'prefix'>, path: string): string {
  const rel = relative(base.folder, path).split(sep).join('/');
  return `${base.prefix}${rel}` || '.';
}

/**
 * A file system failure as a message naming the path as the caller sees it: the system's own
 * message carries the server's absolute path, so only its call and code are kept.
 */
export function fsFailure(error: unknown, shown: string): unknown {
  if (error instanceof FilesError || !isRecord(error)) return error;
  const { code, path, syscall } = error;
  if (typeof code !== 'string' || typeof path !== 'string') return error;
  return new FilesError(
    `${shown}: the local file system refused ${typeof syscall === 'string' ? syscall : 'access'} (${code}).`,
    {
      cause: error,
    },
  );
}

const off = (field: string) =>
  new FilesError(
    `${field}: local files are off on this server: start it with --files-root DIR (or PAPERSPACE_MCP_FILES_ROOT) to allow a folder. Nothing was read, written or sent.`,
  );
const outside = (field: string, input: string) =>
  new FilesError(
    `${field}: ${JSON.stringify(input)} is outside the files root (--files-root). Nothing was read, written or sent.`,
  );

function checkShape(input: string, field: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  const bad = input === '' || input.length > MAX_PATH_CHARS || /[\u0000-\u001f\u007f]/.test(input);
  if (bad || input.split(/[\\/]/).some((name) => Buffer.byteLength(name) > MAX_NAME_BYTES)) {
    throw new FilesError(
      `${field}: a local path must be 1 to ${MAX_PATH_CHARS} characters, names at most ${MAX_NAME_BYTES} bytes, without NUL or control characters.`,
    );
  }
}

interface RootFolder {
  label: string;
  /** As configured (the caller may name paths through it). */
  configured: string;
  real: string;
}

/** The real folder of a root for this call; the caller's folder is created on first use. */
async function rootFolderOf(root: string, tenant: string | undefined): Promise<RootFolder> {
  const realRoot = await realpath(root).catch(() => {
    throw new FilesError(`The files root ${JSON.stringify(basename(root))} (--files-root) is missing.`);
  });
  if (tenant === undefined) return { label: basename(root), configured: root, real: realRoot };
  const real = join(realRoot, tenant);
  await mkdir(real, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw fsFailure(error, 'Your folder in the files root');
  });
  // A link or junction in its place could lead into another caller's folder.
  const info = await lstat(real).catch((error) => {
    throw fsFailure(error, 'Your folder in the files root');
  });
  if (!info.isDirectory() || info.isSymbolicLink()) {
    throw new FilesError(
      'Your folder in the files root is not a plain directory: nothing was read or written.',
    );
  }
  return { label: basename(root), configured: join(root, tenant), real };
}

/**
 * Resolves a local path the model gave: relative to the root (with several roots, after a root's
 * name), absolute, or "~/…", and in every case inside a root (the caller's folder over HTTP). The
 * real path of the path, or of its nearest existing ancestor, must stay inside: no "..", no
 * symlink out.
 */
export async function resolveLocal(access: LocalAccess, input: string, field: string): Promise<LocalPath> {
  if (access.roots.length === 0) throw off(field);
  checkShape(input, field);
  const folders = await Promise.all(access.roots.map((root) => rootFolderOf(root, access.tenant)));
  const several = folders.length > 1;
  const expanded = input === '~' || input.startsWith('~/') ? join(homedir(), input.slice(1)) : input;
  let folder: RootFolder | undefined;
  let lexical: string;
  if (isAbsolute(expanded)) {
    const abs = resolve(expanded);
    folder = folders.find((a) => within(a.real, abs)) ?? folders.find((a) => within(a.configured, abs));
    if (!folder) throw outside(field, input);
    lexical = join(folder.real, relative(within(folder.real, abs) ? folder.real : folder.configured, abs));
  } else {
    const [first = '', ...rest] = expanded.split(/[\\/]/);
    folder = several ? folders.find((a) => a.label === first) : folders[0];
    if (!folder) {
      throw new FilesError(
        `${field}: with several files roots, a relative path starts with a root's name (${folders.map((a) => `${JSON.stringify(a.label)}/…`).join(', ')}). Nothing was read, written or sent.`,
      );
    }
    lexical = resolve(folder.real, several ? rest.join(sep) : expanded);
  }
  if (!within(folder.real, lexical)) throw outside(field, input);
  const real = await realpathOfExisting(lexical);
  if (!within(folder.real, real)) throw outside(field, input);
  return { path: real, folder: folder.real, prefix: several ? `${folder.label}/` : '' };
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
      rest.push(basename(current));
      current = parent;
    }
  }
}

/**
 * Checks that an opened file is the file now found at `path`, and that this is inside `folder`:
 * a path swapped for a symlink (or moved) after it was checked is caught here, on the descriptor.
 */
export async function sameFileInside(opened: Stats, path: string, folder: string, shown: string) {
  const real = await realpath(path).catch(() => undefined);
  const now =
    real !== undefined && within(folder, real) ? await stat(real).catch(() => undefined) : undefined;
  if (now === undefined || now.dev !== opened.dev || now.ino !== opened.ino) {
    throw new FilesError(
      `${shown} was moved, or now resolves outside the files root, since it was checked: it was not used.`,
    );
  }
}

/**
 * Creates `dir` inside `folder` one level at a time, refusing any level that is not a plain
 * directory, then checks the whole path again: a symlink swapped in meanwhile is refused before
 * a file is written.
 */
export async function makeDirInside(folder: string, dir: string, shown: string): Promise<void> {
  const levels = relative(folder, dir).split(sep).filter(Boolean);
  let current = folder;
  for (const level of levels) {
    current = join(current, level);
    await mkdir(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const info = await lstat(current);
    if (!info.isDirectory()) {
      throw new FilesError(
        `${shown}: a part of the path is not a directory (or is a symlink): nothing was written.`,
      );
    }
  }
  if ((await realpath(dir)) !== dir) {
    throw new FilesError(`${shown} resolves elsewhere since it was checked: nothing was written.`);
  }
}

export interface LocalFile {
  /** Real absolute path on disk. */
  path: string;
  /** "/"-separated path relative to the upload's source. */
  rel: string;
  /** As the caller sees it (relative to its root). */
  shown: string;
  /** The folder it must stay inside when it is opened. */
  folder: string;
  size: number;
  mtimeMs: number;
}

/** The files to upload from a file or a directory tree, sorted; symlinks are not followed. */
export async function walkLocal(source: LocalPath, field: string): Promise<LocalFile[]> {
  const base = { folder: source.folder, prefix: source.prefix };
  const fileOf = (path: string, rel: string, s: Stats): LocalFile => ({
    path,
    rel,
    shown: shownPath(base, path),
    folder: source.folder,
    size: s.size,
    mtimeMs: Math.trunc(s.mtimeMs),
  });
  const info = await lstat(source.path).catch(() => undefined);
  if (info === undefined) {
    throw new FilesError(`${field}: ${JSON.stringify(shownPath(base, source.path))} does not exist.`);
  }
  if (info.isFile()) return [fileOf(source.path, basename(source.path), info)];
  if (!info.isDirectory()) {
    throw new FilesError(
      `${field}: ${JSON.stringify(shownPath(base, source.path))} is not a file or directory.`,
    );
  }
  const files: LocalFile[] = [];
  const visit = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) {
        files.push(fileOf(full, relative(source.path, full).split(sep).join('/'), await lstat(full)));
        if (files.length > MAX_LOCAL_FILES) {
          throw new FilesError(
            `${field}: more than ${MAX_LOCAL_FILES} files below this folder: upload a narrower one.`,
          );
        }
      }
      // Symlinks and special files are skipped: they could lead outside the root.
    }
  };
  await visit(source.path).catch((error) => {
    throw fsFailure(error, `${field}: ${JSON.stringify(shownPath(base, source.path))}`);
  });
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Opens a planned file for upload without following a symlink in its place, and checks on the
 * descriptor that it is still that file, inside its folder, unchanged since it was planned.
 */
export async function openPlanned(file: LocalFile): Promise<FileHandle> {
  const handle = await open(file.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => {
    throw new FilesError(
      `${file.shown} cannot be opened (gone, or replaced by a symlink): it was not uploaded.`,
    );
  });
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size !== file.size || Math.trunc(info.mtimeMs) !== file.mtimeMs) {
      throw new FilesError(
        `${file.shown} changed since it was planned (size or modification time): it was not uploaded. Call again.`,
      );
    }
    await sameFileInside(info, file.path, file.folder, file.shown);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Digest of a local file list (paths, sizes, modification times): any change gives another. */
export function digestOf(files: readonly LocalFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.rel}\0${f.size}\0${f.mtimeMs}\n`);
  return hash.digest('hex').slice(0, 32);
}
