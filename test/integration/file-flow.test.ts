import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { type HostileS3, startHostileS3 } from '../adversarial/hostile-s3.js';
import { removeDir, tempDir } from '../helpers/files.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';

type Row = Record<string, unknown>;
const rows = (h: Harness, table: string) => [...h.sandbox.store.table<Row>(table).values()];
const datasetNamed = (h: Harness, name: string) =>
  String(rows(h, 'datasets').find((d) => d.name === name)?.id);
const versionsOf = (h: Harness, datasetId: string) =>
  rows(h, 'datasetVersions')
    .filter((v) => v.datasetId === datasetId)
    .map((v) => String(v.version));

/**
 * Paperspace's public API has no file access for managed storage (the default): files move only on
 * datasets whose provider is the team's own S3 bucket. The file tools check that first, and refuse
 * in one message that says where to go; nothing is created. A failure after a create never leaves
 * a version behind unnamed.
 */
describe('on Paperspace-managed storage the file tools refuse before anything is created', () => {
  let h: Harness;
  let work: string;
  let managed: string;
  let ownProvider: string;

  beforeAll(async () => {
    work = await tempDir('file-flow');
    await mkdir(join(work, 'src'));
    await writeFile(join(work, 'src', 'a.txt'), 'a file\n');
    h = await startHarness({
      args: ['--confirm', 'off', '--files-root', work],
      sandbox: { seed: true, s3: true },
    });
    managed = datasetNamed(h, 'imagenet-subset');
    ownProvider = String(rows(h, 'storageProviders').find((p) => p.name === 'aws-datasets')?.id);
  });
  afterAll(async () => {
    await h.close();
    await removeDir(work);
  });

  const refusal = (text: string) => {
    expect(text).toMatch(
      `Dataset ${managed} keeps its files in Paperspace-managed storage ("Paperspace managed storage" (`,
    );
    expect(text).toMatch("Paperspace's public API gives no access to the files there");
    expect(text).toMatch(`Your team's own S3 storage providers (storage_providers_list`);
    expect(text).toMatch(`"aws-datasets" (${ownProvider})`);
    expect(text).toMatch('Create a dataset on one with datasets_create and its storageProviderId');
  };

  it('datasets_versions_create with sourcePath refuses in one message and sends nothing', async () => {
    const before = versionsOf(h, managed);
    h.clearLog();
    const res = await h.call('datasets_versions_create', {
      datasetId: managed,
      sourcePath: 'src',
      commit: true,
    });
    expect(res.isError).toBe(true);
    refusal(textOf(res));
    expect(textOf(res)).not.toMatch(/may have been applied/);
    expect(h.requests().filter(isMutating)).toEqual([]);
    expect(versionsOf(h, managed)).toEqual(before);
  });

  it('every file tool on a version there says the same, and nothing is sent', async () => {
    const version = versionsOf(h, managed)[0] as string;
    h.clearLog();
    const calls = await Promise.all([
      h.call('datasets_versions_files_list', { datasetId: managed, version }),
      h.call('datasets_versions_files_get', { datasetId: managed, version, path: 'a.txt' }),
      h.call('datasets_versions_files_put', { datasetId: managed, version, fromPath: 'src' }),
      h.call('datasets_versions_files_delete', { datasetId: managed, version, paths: ['a.txt'] }),
    ]);
    for (const res of calls) {
      expect(res.isError).toBe(true);
      refusal(textOf(res));
    }
    expect(h.requests().filter(isMutating)).toEqual([]);
  });

  it('names the flag that loads a suggested tool this server does not offer', async () => {
    const res = await h.call('datasets_versions_files_list', {
      datasetId: managed,
      version: versionsOf(h, managed)[0],
    });
    expect(textOf(res)).toMatch(
      'storage_providers_list (not loaded on this server: it is in the storage toolset, --toolsets default,storage)',
    );
    // datasets_create is in the default set: named as it is.
    expect(textOf(res)).toMatch(/datasets_create and/);
  });

  it('the version resource says the same where it would list the files', async () => {
    const res = await h.client.readResource({
      uri: `paperspace://datasets/${managed}/versions/${versionsOf(h, managed)[0]}`,
    });
    const files = JSON.parse(String((res.contents[0] as { text: string }).text)).files as { error: string };
    refusal(files.error);
  });
});

describe('a team without storage of its own is told how to add it', () => {
  it('names storage_providers_create, plainly when its toolset is loaded', async () => {
    const work = await tempDir('file-flow-none');
    await writeFile(join(work, 'a.txt'), 'a');
    const h = await startHarness({
      args: ['--toolsets', 'all', '--confirm', 'off', '--files-root', work],
      sandbox: { seed: true },
    });
    try {
      const providers = h.sandbox.store.table<Row>('storageProviders');
      for (const [id, p] of providers) if (p.isManaged !== true) providers.delete(id);
      h.clearLog();
      const res = await h.call('datasets_versions_create', {
        datasetId: datasetNamed(h, 'imagenet-subset'),
        sourcePath: 'a.txt',
      });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(
        'Your team has no storage provider of its own yet: add your bucket with storage_providers_create (bucket, endpoint, region, keys)',
      );
      expect(textOf(res)).not.toMatch('not loaded');
      expect(h.requests().filter(isMutating)).toEqual([]);
    } finally {
      await h.close();
      await removeDir(work);
    }
  });
});

describe('a create-and-upload that fails after the create', () => {
  let h: Harness;
  let peer: HostileS3;
  let work: string;
  let onPeer: string;
  let onSandbox: string;

  beforeAll(async () => {
    work = await tempDir('file-flow-fail');
    await writeFile(join(work, 'a.txt'), 'a file\n');
    peer = await startHostileS3();
    h = await startHarness({
      args: ['--toolsets', 'all', '--confirm', 'off', '--files-root', work],
      sandbox: { seed: true, s3: true },
    });
    const provider = await h.call('storage_providers_create', {
      name: 'failing',
      storageProviderType: 's3',
      s3Config: {
        accessKey: 'AKIAFAILINGPEER0001',
        secretAccessKey: 'failing-peer-secret-key-0001',
        bucket: 'b',
        endpoint: peer.endpoint,
      },
    });
    const make = async (name: string, storageProviderId: unknown) =>
      String(
        (await h.call('datasets_create', { name, isPublic: false, storageProviderId })).structuredContent?.id,
      );
    onPeer = await make('on-peer', provider.structuredContent?.id);
    onSandbox = await make(
      'on-sandbox',
      rows(h, 'storageProviders').find((p) => p.name === 'aws-datasets')?.id,
    );
  });
  afterAll(async () => {
    await h.close();
    await peer.close();
    await removeDir(work);
  });

  it('deletes the version it created when the upload fails, and says so first', async () => {
    peer.behave({ writeStatus: 500 });
    h.clearLog();
    const res = await h.call('datasets_versions_create', { datasetId: onPeer, sourcePath: 'a.txt' });
    expect(res.isError).toBe(true);
    const version = new RegExp(`${onPeer}:(v\\w+)`).exec(textOf(res))?.[1];
    expect(textOf(res)).toMatch(
      new RegExp(
        `^Version ${onPeer}:${version} was created, the upload failed, and the version was deleted again, so no version is left\\.`,
      ),
    );
    expect(textOf(res)).toMatch('Upload stopped:');
    expect(textOf(res)).not.toMatch(/may have been applied/);
    expect(
      h
        .requests()
        .filter(isMutating)
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([`POST /datasets/${onPeer}/versions`, `DELETE /datasets/${onPeer}/versions/${version}`]);
    expect(versionsOf(h, onPeer)).toEqual([]);
  });

  it('names the version when deleting it fails too, after saying the change may have been applied', async () => {
    peer.behave({ writeStatus: 500 });
    h.sandbox.faults.push({
      kind: 'status',
      status: 500,
      method: 'DELETE',
      path: /\/versions\/v\w+$/,
      times: 3,
    });
    const res = await h.call('datasets_versions_create', { datasetId: onPeer, sourcePath: 'a.txt' });
    expect(res.isError).toBe(true);
    const [first, second] = textOf(res).split('\n');
    expect(first).toMatch(
      'The datasets_versions_create request was sent, and the change may have been applied.',
    );
    const left = versionsOf(h, onPeer);
    expect(left).toHaveLength(1);
    expect(second).toMatch(`Version ${onPeer}:${left[0]} was created, but Upload stopped:`);
    expect(second).toMatch(
      'Deleting the version failed too (Paperspace API error 500: "Simulated 500") so it is left, uncommitted: delete it with datasets_versions_delete',
    );
  });

  it('a create the API fails with a 500 says first that it may have been applied', async () => {
    h.sandbox.faults.push({
      kind: 'status',
      status: 500,
      method: 'POST',
      path: `/datasets/${onSandbox}/versions`,
      times: 1,
    });
    const res = await h.call('datasets_versions_create', { datasetId: onSandbox, sourcePath: 'a.txt' });
    expect(res.isError).toBe(true);
    expect(textOf(res).split('\n')[0]).toBe(
      'The datasets_versions_create request was sent, and the change may have been applied. Check the current state with a get or list tool before calling datasets_versions_create again.',
    );
  });

  it('a commit that fails names the uploaded version, after saying it may have been applied', async () => {
    h.sandbox.faults.push({
      kind: 'status',
      status: 500,
      method: 'PUT',
      path: /\/versions\/v\w+$/,
      times: 3,
    });
    const res = await h.call('datasets_versions_create', {
      datasetId: onSandbox,
      sourcePath: 'a.txt',
      commit: true,
    });
    expect(res.isError).toBe(true);
    const [first, second] = textOf(res).split('\n');
    expect(first).toMatch('may have been applied');
    const version = versionsOf(h, onSandbox).at(-1);
    expect(second).toMatch(
      `Version ${onSandbox}:${version} was created and its 1 file(s) uploaded, but the commit failed`,
    );
  });

  it('an upload into storage that fails part-way says first that the change may have been applied', async () => {
    peer.behave({ writeStatus: 500 });
    const v = await h.call('datasets_versions_create', { datasetId: onPeer });
    const res = await h.call('datasets_versions_files_put', {
      datasetId: onPeer,
      version: v.structuredContent?.version,
      fromPath: 'a.txt',
    });
    expect(res.isError).toBe(true);
    expect(textOf(res).split('\n')[0]).toMatch(
      'The datasets_versions_files_put request was sent, and the change may have been applied.',
    );
    expect(textOf(res)).toMatch('Upload stopped:');
  });

  it('a create-and-upload cancelled during its create deletes the version once the create answers', async () => {
    h.sandbox.faults.push({
      kind: 'delay',
      ms: 300,
      method: 'POST',
      path: `/datasets/${onPeer}/versions`,
      times: 1,
    });
    const before = versionsOf(h, onPeer);
    const controller = new AbortController();
    const created = h.sandbox.nextRequest(
      (r) => r.method === 'POST' && r.path === `/datasets/${onPeer}/versions`,
    );
    const deleted = h.sandbox.nextRequest((r) => r.method === 'DELETE');
    const call = h.client.callTool(
      { name: 'datasets_versions_create', arguments: { datasetId: onPeer, sourcePath: 'a.txt' } },
      { signal: controller.signal },
    );
    await created;
    controller.abort();
    await expect(call).rejects.toThrow(/abort/i);
    const removed = await deleted;
    await new Promise<void>((resolve) => {
      const wait = () => (removed.status !== undefined ? resolve() : setImmediate(wait));
      wait();
    });
    expect(versionsOf(h, onPeer)).toEqual(before);
  });

  it('a cancelled create-and-upload deletes the version it created', async () => {
    peer.behave({ stall: true });
    peer.requests.length = 0;
    const before = versionsOf(h, onPeer);
    const controller = new AbortController();
    const created = h.sandbox.nextRequest(
      (r) => r.method === 'POST' && r.path === `/datasets/${onPeer}/versions`,
    );
    const deleted = h.sandbox.nextRequest((r) => r.method === 'DELETE');
    const call = h.client.callTool(
      { name: 'datasets_versions_create', arguments: { datasetId: onPeer, sourcePath: 'a.txt' } },
      { signal: controller.signal },
    );
    await created;
    await new Promise<void>((resolve) => {
      const wait = () => (peer.requests.some((r) => r.method === 'PUT') ? resolve() : setImmediate(wait));
      wait();
    });
    controller.abort();
    await expect(call).rejects.toThrow(/abort/i);
    const removed = await deleted;
    expect(removed.path).toMatch(new RegExp(`^/datasets/${onPeer}/versions/v\\w+$`));
    await new Promise<void>((resolve) => {
      const wait = () => (removed.status !== undefined ? resolve() : setImmediate(wait));
      wait();
    });
    expect(versionsOf(h, onPeer)).toEqual(before);
  });
});
