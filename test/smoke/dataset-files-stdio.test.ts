import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digests, makeTree, readTree, removeDir, tempDir } from '../helpers/files.js';
import { type Spawned, spawnServer } from '../helpers/spawn.js';

type Result = { isError?: boolean; content?: unknown; structuredContent?: Record<string, unknown> };
const text = (r: Result) => JSON.stringify(r.content);

/**
 * The Gradient CLI's dataset flow, through the built binary over stdio with --sandbox (its storage
 * is a real s3rver): create a dataset on a provider, a version from a local directory, list, read
 * a file as a resource, download and compare bytes, delete a file, commit, and no change after.
 */
describe('dataset files through the built binary over stdio', () => {
  let server: Spawned;
  let work: string;
  beforeAll(async () => {
    work = await tempDir('stdio-files');
    server = await spawnServer(
      ['--sandbox', '--toolsets', 'all', '--files-root', work],
      {},
      'legacy',
      'accept',
    );
  });
  afterAll(async () => {
    await server.close();
    await removeDir(work);
  });
  const call = (name: string, args: Record<string, unknown>) =>
    server.client.callTool({ name, arguments: args }) as Promise<Result>;

  it('create → upload → list → read → download → delete → commit → frozen', async () => {
    const local = await makeTree(join(work, 'src'));
    const providers = await call('storage_providers_list', {});
    const items = (providers.structuredContent?.items ?? []) as Array<{ id: string; name: string }>;
    const storageProviderId = items.find((p) => p.name === 'aws-datasets')?.id;

    const ds = await call('datasets_create', { name: 'digits', isPublic: false, storageProviderId });
    const datasetId = String(ds.structuredContent?.id);
    const created = await call('datasets_versions_create', {
      datasetId,
      sourcePath: join(work, 'src'),
      message: 'from my laptop',
    });
    expect(created.isError, text(created)).toBeFalsy();
    expect(created.structuredContent).toMatchObject({ isCommitted: false, upload: { files: 6 } });
    const id = `${datasetId}:${String(created.structuredContent?.version)}`;

    const listed = await call('datasets_versions_files_list', { datasetId: id });
    const paths = ((listed.structuredContent?.items ?? []) as Array<{ path: string }>).map((f) => f.path);
    expect(paths.sort()).toEqual(Object.keys(local).sort());

    const [ds2, v2] = id.split(':') as [string, string];
    const uri = `paperspace://datasets/${ds2}/versions/${v2}/files/labels/classes.txt`;
    const read = await server.client.readResource({ uri });
    expect(read.contents[0]).toMatchObject({ text: 'zero\none\ntwo\n' });

    const dest = join(work, 'download');
    const got = await call('datasets_versions_files_get', { datasetId: id, toPath: dest });
    expect(got.isError, text(got)).toBeFalsy();
    expect(digests(await readTree(dest))).toEqual(digests(local));

    const del = await call('datasets_versions_files_delete', { datasetId: id, paths: ['empty.txt'] });
    expect(del.isError, text(del)).toBeFalsy();
    expect(server.elicitations.at(-1)).toMatch(/"empty.txt" \(0 bytes\)/);
    const after = await call('datasets_versions_files_list', { datasetId: id });
    expect(after.structuredContent?.items as unknown[]).toHaveLength(5);

    const commit = await call('datasets_versions_update', { datasetId: id, isCommitted: true });
    expect(commit.structuredContent).toMatchObject({ isCommitted: true });

    const put = await call('datasets_versions_files_put', {
      datasetId: id,
      fromPath: join(work, 'src', 'README.md'),
    });
    expect(text(put)).toMatch(/is committed, so its files cannot change/);
    const del2 = await call('datasets_versions_files_delete', { datasetId: id, paths: ['README.md'] });
    expect(text(del2)).toMatch(/is committed, so its files cannot change/);

    // The AWS SDK's plain-text notices stay off the log: every stderr line is JSON.
    for (const line of server.stderr().split('\n').filter(Boolean))
      expect(() => JSON.parse(line), line).not.toThrow();
  }, 60_000);
});
