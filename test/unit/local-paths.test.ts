import { mkdir, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  type LocalAccess,
  makeDirInside,
  openPlanned,
  resolveLocal,
  shownPath,
  tenantFolder,
  walkLocal,
} from '../../src/files/local.js';
import { removeDir, tempDir } from '../helpers/files.js';

/** The local path rules on their own: roots, callers' folders, and a path swapped after its check. */
describe('local paths', () => {
  let work: string;
  let data: string;
  let models: string;
  beforeAll(async () => {
    work = await tempDir('local-paths');
    data = join(work, 'data');
    models = join(work, 'models');
    await mkdir(join(data, 'train'), { recursive: true });
    await mkdir(models);
    await mkdir(join(work, 'elsewhere'));
    await writeFile(join(data, 'train', 'a.csv'), 'a,b\n');
    await writeFile(join(work, 'elsewhere', 'a.csv'), 'a,b\n');
    await symlink(data, join(work, 'data-link'));
  });
  afterAll(() => removeDir(work));

  const one: LocalAccess = { roots: [], readOnly: false };
  const access = (roots: string[], tenant?: string): LocalAccess => ({ ...one, roots, tenant });
  const shown = async (a: LocalAccess, path: string) => {
    const p = await resolveLocal(a, path, 'toPath');
    return shownPath(p, p.path);
  };

  it('with one root, paths are relative to it; absolute paths and a root reached through a link work inside', async () => {
    const a = access([data]);
    expect(await shown(a, 'train/a.csv')).toBe('train/a.csv');
    expect(await shown(a, join(data, 'train', 'a.csv'))).toBe('train/a.csv');
    expect(await shown(access([join(work, 'data-link')]), join(work, 'data-link', 'train'))).toBe('train');
    expect(await shown(a, '.')).toBe('.');
    expect(await shown(a, 'new/dir/file.bin')).toBe('new/dir/file.bin');
  });

  it('with several roots, a relative path starts with the root name, and is shown so', async () => {
    const a = access([data, models]);
    expect(await shown(a, 'data/train/a.csv')).toBe('data/train/a.csv');
    expect(await shown(a, 'models/m.bin')).toBe('models/m.bin');
    expect(await shown(a, join(models, 'x'))).toBe('models/x');
    await expect(resolveLocal(a, 'train/a.csv', 'fromPath')).rejects.toThrow(
      /fromPath: with several files roots, a relative path starts with a root's name \("data"\/…, "models"\/…\)/,
    );
  });

  it('refuses every way out, naming the field', async () => {
    const a = access([data]);
    for (const path of [
      '..',
      '../elsewhere/a.csv',
      'train/../../elsewhere',
      join(work, 'elsewhere'),
      '~',
      '~/x',
    ]) {
      await expect(resolveLocal(a, path, 'toPath'), path).rejects.toThrow(
        /^toPath: .* is outside the files root/,
      );
    }
    for (const path of ['', 'a\0b', 'a\u0007b', 'x'.repeat(1025), `${'n'.repeat(256)}.txt`]) {
      await expect(resolveLocal(a, path, 'toPath'), path).rejects.toThrow(
        /^toPath: a local path must be 1 to 1024/,
      );
    }
    await expect(resolveLocal(access([]), 'a.csv', 'sourcePath')).rejects.toThrow(
      /^sourcePath: local files are off on this server: start it with --files-root DIR/,
    );
  });

  it("a caller's folder is made on first use; another caller's folder, or a link in its place, is refused", async () => {
    const alice = access([models], tenantFolder('alice'));
    const bob = access([models], tenantFolder('bob'));
    const mine = await resolveLocal(alice, 'notes.txt', 'toPath');
    expect(mine.folder).toBe(join(models, tenantFolder('alice')));
    expect((await stat(mine.folder)).isDirectory()).toBe(true);
    expect(shownPath(mine, mine.path)).toBe('notes.txt');
    for (const path of [
      `../${tenantFolder('alice')}/notes.txt`,
      join(mine.folder, 'notes.txt'),
      join(models, 'x'),
    ]) {
      await expect(resolveLocal(bob, path, 'toPath'), path).rejects.toThrow(/outside the files root/);
    }
    const bobDir = join(models, tenantFolder('bob'));
    await rm(bobDir, { recursive: true });
    await symlink(mine.folder, bobDir);
    await expect(resolveLocal(bob, 'notes.txt', 'toPath')).rejects.toThrow(/not a plain directory/);
    await rm(bobDir);
    expect(tenantFolder('')).toMatch(/^[0-9a-f]{32}$/);
    expect(tenantFolder('a')).not.toBe(tenantFolder('A'));
  });

  // utimes takes seconds as a float: half a millisecond more keeps the float's rounding from
  // landing on the millisecond before, so the look-alike's mtime truncates to the planned one.
  const sameTime = (mtimeMs: number) => (mtimeMs + 0.5) / 1000;

  it('a planned file swapped for a symlink, or moved out behind a swapped folder, is not opened', async () => {
    const a = access([data]);
    await mkdir(join(data, 'swap'));
    await writeFile(join(data, 'swap', 'w.bin'), 'weights');
    const [file] = await walkLocal(await resolveLocal(a, 'swap/w.bin', 'fromPath'), 'fromPath');
    if (!file) throw new Error('planned');
    await (await openPlanned(file)).close();

    // The file itself becomes a symlink to a file outside with the same size and time.
    const outside = join(work, 'elsewhere', 'w.bin');
    await writeFile(outside, 'SECRETS');
    await utimes(outside, sameTime(file.mtimeMs), sameTime(file.mtimeMs));
    await rename(join(data, 'swap', 'w.bin'), join(data, 'swap', 'w.orig'));
    await symlink(outside, join(data, 'swap', 'w.bin'));
    await expect(openPlanned(file)).rejects.toThrow(
      /swap\/w.bin cannot be opened \(gone, or replaced by a symlink\)/,
    );

    // Its folder becomes a symlink to a folder outside holding a look-alike.
    await rm(join(data, 'swap'), { recursive: true });
    await rm(outside);
    await writeFile(outside, 'weights');
    await utimes(outside, sameTime(file.mtimeMs), sameTime(file.mtimeMs));
    await symlink(join(work, 'elsewhere'), join(data, 'swap'));
    await expect(openPlanned(file)).rejects.toThrow(
      /swap\/w.bin was moved, or now resolves outside the files root/,
    );
    await rm(join(data, 'swap'));
  });

  it('a folder level swapped for a symlink is refused before a file is written', async () => {
    await symlink(join(work, 'elsewhere'), join(data, 'out'));
    await expect(makeDirInside(data, join(data, 'out', 'deeper'), 'out/deeper/f.bin')).rejects.toThrow(
      /out\/deeper\/f.bin: a part of the path is not a directory \(or is a symlink\)/,
    );
    expect(await stat(join(work, 'elsewhere', 'deeper')).catch(() => undefined)).toBeUndefined();
    await rm(join(data, 'out'));
    await makeDirInside(data, join(data, 'out', 'deeper'), 'out/deeper/f.bin');
    expect((await stat(join(data, 'out', 'deeper'))).isDirectory()).toBe(true);
  });

  it('uploads skip symlinks and special files inside a folder', async () => {
    await mkdir(join(data, 'tree'));
    await writeFile(join(data, 'tree', 'real.txt'), 'real');
    await symlink(join(work, 'elsewhere', 'a.csv'), join(data, 'tree', 'link.csv'));
    const files = await walkLocal(await resolveLocal(access([data]), 'tree', 'fromPath'), 'fromPath');
    expect(files.map((f) => [f.rel, f.shown])).toEqual([['real.txt', 'tree/real.txt']]);
  });
});

describe('--files-root and PAPERSPACE_MCP_FILES_ROOT', () => {
  let work: string;
  beforeAll(async () => {
    work = await tempDir('roots-config');
    for (const name of ['one', 'two', join('x', 'one')]) await mkdir(join(work, name), { recursive: true });
  });
  afterAll(() => removeDir(work));

  it('is repeatable, or a path-delimiter list in the environment; no root by default', () => {
    const [one, two] = [join(work, 'one'), join(work, 'two')];
    expect(loadConfig(['--files-root', one, '--files-root', two], {}).filesRoots).toEqual([one, two]);
    expect(loadConfig([], { PAPERSPACE_MCP_FILES_ROOT: `${one}${delimiter}${two}` }).filesRoots).toEqual([
      one,
      two,
    ]);
    expect(loadConfig(['--files-root', one], { PAPERSPACE_MCP_FILES_ROOT: two }).filesRoots).toEqual([one]);
    expect(loadConfig([], {}).filesRoots).toEqual([]);
  });

  it('refuses a folder that does not exist, and two folders of the same name', () => {
    expect(() => loadConfig(['--files-root', join(work, 'missing')], {})).toThrow(
      /Invalid --files-root: ".*missing" is not an existing folder/,
    );
    expect(() =>
      loadConfig(['--files-root', join(work, 'one'), '--files-root', join(work, 'x', 'one')], {}),
    ).toThrow(/Invalid --files-root: several folders need distinct names, and "one" is used twice/);
  });
});
