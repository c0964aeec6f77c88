import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesError } from '../../src/files/errors.js';
import { resolveLocal, walkLocal } from '../../src/files/local.js';
import { openBucket } from '../../src/files/s3.js';
import { uploadFiles } from '../../src/files/transfer.js';
import { type CuttingProxy, startCuttingProxy } from '../helpers/cutting-proxy.js';
import { bytesOf, removeDir, SANDBOX_S3_KEYS, tempDir } from '../helpers/files.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';

const MB = 1024 * 1024;

describe('dataset file transfers that fail or are cancelled', () => {
  let h: Harness;
  let proxy: CuttingProxy;
  let work: string;
  let datasetId: string;
  let version: string;

  beforeAll(async () => {
    work = await tempDir('failures');
    h = await startHarness({
      args: ['--toolsets', 'all', '--confirm', 'off', '--files-root', work],
      sandbox: { seed: true, s3: true },
    });
    proxy = await startCuttingProxy(String(h.sandbox.s3?.endpoint));
    // A provider whose endpoint is the proxy: the same bucket, reached over a network that can fail.
    const provider = await h.call('storage_providers_create', {
      name: 'flaky',
      storageProviderType: 's3',
      s3Config: { ...SANDBOX_S3_KEYS, endpoint: proxy.url, region: 'us-east-1' },
    });
    const ds = await h.call('datasets_create', {
      name: 'flaky-ds',
      isPublic: false,
      storageProviderId: provider.structuredContent?.id,
    });
    datasetId = String(ds.structuredContent?.id);
    const v = await h.call('datasets_versions_create', { datasetId });
    version = String(v.structuredContent?.version);
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
    await removeDir(work);
  });

  it('an upload interrupted by the network says what was uploaded; calling again completes it', async () => {
    await writeFile(join(work, 'small.txt'), 'small');
    await writeFile(join(work, 'big.bin'), bytesOf(20 * MB, 3));
    proxy.cutAfter = 4 * MB;
    const broken = await h.call('datasets_versions_files_put', {
      datasetId,
      version,
      fromPath: join(work, 'big.bin'),
    });
    expect(broken.isError).toBe(true);
    expect(textOf(broken)).toMatch(
      /Upload stopped: .* 0 of 1 file\(s\) \(0 of 20971520 bytes\) were uploaded\. Call again/,
    );
    expect(proxy.cuts).toBeGreaterThan(0);
    const listed = await h.call('datasets_versions_files_list', { datasetId, version });
    proxy.cutAfter = undefined;
    expect(listed.isError).toBe(true); // the network is still down for the listing
    const missing = await h.call('datasets_versions_files_list', { datasetId, version });
    expect(missing.structuredContent?.items).toEqual([]);

    const retried = await h.call('datasets_versions_files_put', {
      datasetId,
      version,
      fromPath: join(work, 'big.bin'),
    });
    expect(retried.isError, textOf(retried)).toBeFalsy();
    const after = await h.call('datasets_versions_files_list', { datasetId, version });
    expect(after.structuredContent?.items).toMatchObject([{ path: 'big.bin', size: 20 * MB }]);
  });

  it('a cancelled upload stops and reports the files that made it', async () => {
    const dir = join(work, 'cancel');
    await (await import('node:fs/promises')).mkdir(dir);
    await writeFile(join(dir, 'a.txt'), 'first');
    await writeFile(join(dir, 'b.bin'), bytesOf(24 * MB, 4));
    const bucket = await openBucket({
      ...SANDBOX_S3_KEYS,
      endpoint: String(h.sandbox.s3?.endpoint),
      region: null,
    });
    const access = { roots: [work], readOnly: false };
    const files = await walkLocal(await resolveLocal(access, dir, 'fromPath'), 'fromPath');
    const controller = new AbortController();
    const prefix = 'cancel-test/';
    let smallDone = false;
    const outcome = await uploadFiles(
      bucket,
      [files[0], files[1]].filter((f) => f !== undefined),
      prefix,
      {
        signal: controller.signal,
        onProgress: (done, _total, message) => {
          if (message.startsWith('uploaded a.txt')) smallDone = true;
          if (smallDone && message.startsWith('uploading b.bin') && done > 9 * MB) controller.abort();
        },
      },
    ).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(FilesError);
    expect((outcome as Error).message).toMatch(
      /^Upload cancelled: 1 of 2 file\(s\) \(5 of \d+ bytes\) were uploaded: a.txt\./,
    );
    expect(await bucket.head(`${prefix}a.txt`)).toMatchObject({ size: 5 });
    expect(await bucket.head(`${prefix}b.bin`)).toBeUndefined();
    bucket.close();
  });

  it('a client that cancels the call ends the transfer; nothing half-written remains', async () => {
    await writeFile(join(work, 'huge.bin'), bytesOf(40 * MB, 5));
    const controller = new AbortController();
    let progressed = 0;
    const call = h.client.callTool(
      {
        name: 'datasets_versions_files_put',
        arguments: { datasetId, version, fromPath: join(work, 'huge.bin'), toPrefix: 'c/' },
      },
      {
        signal: controller.signal,
        onprogress: (p: { progress: number }) => {
          progressed = p.progress;
          if (p.progress > 8 * MB) controller.abort();
        },
      },
    );
    await expect(call).rejects.toThrow(/abort/i);
    expect(progressed).toBeGreaterThan(8 * MB);
    const listed = await h.call('datasets_versions_files_list', { datasetId, version, prefix: 'c/' });
    expect(listed.structuredContent?.items).toEqual([]);
  });
});
