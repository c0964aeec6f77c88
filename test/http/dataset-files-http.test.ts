import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { removeDir, tempDir } from '../helpers/files.js';
import { type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };
const text = (r: { content?: unknown }) => JSON.stringify(r.content);

/**
 * Over HTTP the caller is not on the server's machine: file tools touch local paths only inside
 * --files-root, and not at all without it.
 */
describe('dataset file tools over HTTP', () => {
  let sandbox: Sandbox;
  let work: string;
  let datasetId: string;
  let version: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ transitionMs: 0, seed: true, s3: true });
    work = await tempDir('http-files');
    await mkdir(join(work, 'root', 'data'), { recursive: true });
    await writeFile(join(work, 'root', 'data', 'a.txt'), 'inside');
    await writeFile(join(work, 'outside.txt'), 'outside');
    await symlink(join(work, 'outside.txt'), join(work, 'root', 'link.txt'));
    await symlink(work, join(work, 'root', 'escape'));
  });
  afterAll(async () => {
    await sandbox.close();
    await removeDir(work);
  });

  async function serve(args: string[]): Promise<{ h: HttpHarness; client: Client }> {
    const h = await startHttpHarness(['--toolsets', 'all', '--confirm', 'off', ...args], {}, sandbox);
    const client = await httpClient(h.http.url, { era: 'modern' });
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
      const put = await call(client, 'datasets_versions_files_put', { fromPath: join(work, 'root', 'data') });
      expect(put.isError).toBe(true);
      expect(text(put)).toMatch(/local paths are only available .*stdio.*--files-root/);
      const get = await call(client, 'datasets_versions_files_get', { path: 'x', toPath: join(work, 'dl') });
      expect(text(get)).toMatch(/local paths are only available/);
      const create = await client.callTool({
        name: 'datasets_versions_create',
        arguments: { datasetId, sourcePath: join(work, 'root') },
      });
      expect(text(create)).toMatch(/local paths are only available/);
      const list = await call(client, 'datasets_versions_files_list', {});
      expect(list.isError, text(list)).toBeFalsy();
    } finally {
      await client.close();
      await h.close();
    }
  });

  it('with --files-root, paths inside work and every way out is refused', async () => {
    const root = join(work, 'root');
    const { h, client } = await serve(['--files-root', root]);
    try {
      const put = await call(client, 'datasets_versions_files_put', { fromPath: 'data', toPrefix: 'in' });
      expect(put.isError, text(put)).toBeFalsy();
      expect(put.structuredContent).toMatchObject({ files: 1, uploaded: [{ path: 'in/a.txt', size: 6 }] });

      for (const fromPath of [
        join(work, 'outside.txt'),
        '../outside.txt',
        'data/../../outside.txt',
        'link.txt',
        'escape/outside.txt',
      ]) {
        const out = await call(client, 'datasets_versions_files_put', { fromPath });
        expect(out.isError, fromPath).toBe(true);
        expect(text(out), fromPath).toMatch(/outside the files root/);
      }
      for (const toPath of ['../dl', join(work, 'dl'), 'escape/dl']) {
        const out = await call(client, 'datasets_versions_files_get', { path: 'in/a.txt', toPath });
        expect(text(out), toPath).toMatch(/outside the files root/);
      }

      const got = await call(client, 'datasets_versions_files_get', { path: 'in/', toPath: 'copy' });
      expect(got.isError, text(got)).toBeFalsy();
      expect(await readFile(join(root, 'copy', 'a.txt'), 'utf8')).toBe('inside');
    } finally {
      await client.close();
      await h.close();
    }
  });

  it('refuses an upload over --max-upload-bytes before sending anything', async () => {
    const { h, client } = await serve(['--files-root', join(work, 'root'), '--max-upload-bytes', '3']);
    try {
      const put = await call(client, 'datasets_versions_files_put', { fromPath: 'data', toPrefix: 'capped' });
      expect(text(put)).toMatch(/exceed this server's upload cap of 3 bytes .*Nothing was sent/);
      const list = await call(client, 'datasets_versions_files_list', { prefix: 'capped/' });
      expect(list.structuredContent?.items).toEqual([]);
    } finally {
      await client.close();
      await h.close();
    }
  });
});
