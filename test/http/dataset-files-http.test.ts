import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { removeDir, tempDir } from '../helpers/files.js';
import { type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };
const text = (r: { content?: unknown }) => JSON.stringify(r.content);

const KEY_A = 'tenant_alice_key_4c1d9e7b';
const KEY_B = 'tenant_bob_key_8e2f6a3c';

/**
 * Over HTTP the caller is not on the server's machine: file tools touch local paths only inside
 * --files-root, and there only inside the caller's own folder (named by a digest of the caller),
 * created on first use. No caller reaches another's folder, and no result names a server path.
 */
describe('dataset file tools over HTTP', () => {
  let sandbox: Sandbox;
  let work: string;
  let datasetId: string;
  let version: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ transitionMs: 0, seed: true, s3: true });
    work = await tempDir('http-files');
    await mkdir(join(work, 'root'), { recursive: true });
    await writeFile(join(work, 'outside.txt'), 'outside');
  });
  afterAll(async () => {
    await sandbox.close();
    await removeDir(work);
  });

  async function serve(args: string[], key?: string): Promise<{ h: HttpHarness; client: Client }> {
    const h = await startHttpHarness(['--toolsets', 'all', '--confirm', 'off', ...args], {}, sandbox);
    const client = await httpClient(h.http.url, {
      era: 'modern',
      ...(key ? { headers: { 'x-paperspace-api-key': key } } : {}),
    });
    if (!datasetId) {
      const providers = await client.callTool({ name: 'storage_providers_list', arguments: {} });
      const items = (providers.structuredContent as { items: Array<{ id: string; name: string }> }).items;
      const provider = items.find((p) => p.name === 'aws-datasets')?.id;
      const ds = await client.callTool({
        name: 'datasets_create',
        arguments: { name: 'http-files', isPublic: false, storageProviderId: provider },
      });
      datasetId = String((ds.structuredContent as { id: string }).id);
      const v = await client.callTool({ name: 'datasets_versions_create', arguments: { datasetId } });
      version = String((v.structuredContent as { version: string }).version);
    }
    return { h, client };
  }
  const call = (client: Client, name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: { datasetId, version, ...args } }) as Promise<Result>;

  it('without --files-root, no local path is read or written; listing still works', async () => {
    const { h, client } = await serve([]);
    try {
      const put = await call(client, 'datasets_versions_files_put', { fromPath: join(work, 'outside.txt') });
      expect(put.isError).toBe(true);
      expect(text(put)).toMatch(/local files are off on this server: start it with --files-root DIR/);
      const get = await call(client, 'datasets_versions_files_get', { path: 'x', toPath: join(work, 'dl') });
      expect(text(get)).toMatch(/local files are off/);
      const create = await client.callTool({
        name: 'datasets_versions_create',
        arguments: { datasetId, sourcePath: join(work, 'root') },
      });
      expect(text(create)).toMatch(/local files are off/);
      const list = await call(client, 'datasets_versions_files_list', {});
      expect(list.isError, text(list)).toBeFalsy();
    } finally {
      await client.close();
      await h.close();
    }
  });

  it('one folder per caller: a caller never reaches another caller’s files, and never sees a server path', async () => {
    const root = join(work, 'root');
    const { h, client: alice } = await serve(['--per-request-key', '--files-root', root], KEY_A);
    const bob = await httpClient(h.http.url, { era: 'modern', headers: { 'x-paperspace-api-key': KEY_B } });
    try {
      // Alice's folder is created on her first use of a local path; her paths are relative to it.
      await mkdir(join(root, 'shared'), { recursive: true });
      await writeFile(join(root, 'shared', 'operator.txt'), 'operator file in the root itself');
      const aliceDir = await newFolder(root, async () => {
        const first = await call(alice, 'datasets_versions_files_put', { fromPath: 'notes.txt' });
        expect(text(first)).toMatch(/notes.txt.* does not exist/);
      });
      await writeFile(join(aliceDir, 'notes.txt'), 'alice private notes');
      const putA = await call(alice, 'datasets_versions_files_put', { fromPath: 'notes.txt', toPrefix: 'a' });
      expect(putA.structuredContent, text(putA)).toMatchObject({
        uploaded: [{ path: 'a/notes.txt', size: 19 }],
      });
      const dlA = await call(alice, 'datasets_versions_files_get', {
        path: 'a/notes.txt',
        toPath: 'copy.txt',
      });
      expect(dlA.structuredContent, text(dlA)).toMatchObject({ savedTo: 'copy.txt' });
      expect(await readFile(join(aliceDir, 'copy.txt'), 'utf8')).toBe('alice private notes');
      for (const r of [putA, dlA]) expect(JSON.stringify(r)).not.toContain(work);

      // Bob: the same relative name is his own (absent); every way into Alice's folder is refused.
      const bobDir = await newFolder(root, async () => {
        const own = await call(bob, 'datasets_versions_files_put', { fromPath: 'notes.txt' });
        expect(text(own)).toMatch(/does not exist/);
      });
      expect(bobDir).not.toBe(aliceDir);
      const alicePaths = [
        `../${basename(aliceDir)}/notes.txt`,
        join(aliceDir, 'notes.txt'),
        '../shared/operator.txt',
        join(root, 'shared', 'operator.txt'),
      ];
      await symlink(join(aliceDir, 'notes.txt'), join(bobDir, 'link-to-alice.txt'));
      await symlink(aliceDir, join(bobDir, 'alice-dir'));
      alicePaths.push('link-to-alice.txt', 'alice-dir/notes.txt');
      for (const fromPath of alicePaths) {
        const out = await call(bob, 'datasets_versions_files_put', { fromPath, toPrefix: 'stolen' });
        expect(out.isError, fromPath).toBe(true);
        expect(text(out), fromPath).toMatch(/outside the files root/);
        const over = await call(bob, 'datasets_versions_files_get', {
          path: 'a/notes.txt',
          toPath: fromPath,
          overwrite: true,
        });
        expect(over.isError, fromPath).toBe(true);
        expect(text(over), fromPath).toMatch(/outside the files root/);
      }
      expect(await readFile(join(aliceDir, 'notes.txt'), 'utf8')).toBe('alice private notes');
      // The same relative names write into Bob's own folder; Alice's files stay as they were.
      await writeFile(join(aliceDir, 'copy.txt'), 'alice edited her copy');
      for (const toPath of ['copy.txt', 'notes.txt']) {
        const mine = await call(bob, 'datasets_versions_files_get', {
          path: 'a/notes.txt',
          toPath,
          overwrite: true,
        });
        expect(mine.structuredContent, text(mine)).toMatchObject({ savedTo: toPath });
        expect(await readFile(join(bobDir, toPath), 'utf8')).toBe('alice private notes');
      }
      expect(await readFile(join(aliceDir, 'copy.txt'), 'utf8')).toBe('alice edited her copy');
      const stolen = await call(bob, 'datasets_versions_files_list', { prefix: 'stolen/' });
      expect(stolen.structuredContent?.items).toEqual([]);

      // Bob's folder swapped for a link (a junction) to Alice's: refused, nothing read.
      await rm(bobDir, { recursive: true });
      await symlink(aliceDir, bobDir);
      const junction = await call(bob, 'datasets_versions_files_put', {
        fromPath: 'notes.txt',
        toPrefix: 'stolen',
      });
      expect(junction.isError).toBe(true);
      expect(text(junction)).toMatch(/not a plain directory/);
      await rm(bobDir);
    } finally {
      await bob.close();
      await alice.close();
      await h.close();
    }
  });

  it('refuses an upload over --max-upload-bytes before sending anything', async () => {
    const root = join(work, 'capped-root');
    await mkdir(root, { recursive: true });
    const { h, client } = await serve(['--files-root', root, '--max-upload-bytes', '3']);
    try {
      const mine = await newFolder(root, () =>
        call(client, 'datasets_versions_files_put', { fromPath: 'data', toPrefix: 'capped' }),
      );
      await mkdir(join(mine, 'data'));
      await writeFile(join(mine, 'data', 'a.txt'), 'inside');
      const put = await call(client, 'datasets_versions_files_put', { fromPath: 'data', toPrefix: 'capped' });
      expect(text(put)).toMatch(/exceed this server's upload cap of 3 bytes per call .*Nothing was sent/);
      const list = await call(client, 'datasets_versions_files_list', { prefix: 'capped/' });
      expect(list.structuredContent?.items).toEqual([]);
    } finally {
      await client.close();
      await h.close();
    }
  });
});

/** The one folder that `act` creates in `root` (a caller's folder, made on first use). */
async function newFolder(root: string, act: () => Promise<unknown>): Promise<string> {
  const before = new Set(await readdir(root));
  await act();
  const added = (await readdir(root)).filter((name) => !before.has(name));
  expect(added).toHaveLength(1);
  return join(root, added[0] as string);
}
