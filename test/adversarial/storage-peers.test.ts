import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileUri } from '../../src/resources/uris.js';
import { removeDir, tempDir } from '../helpers/files.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import { type HostileS3, startHostileS3 } from './hostile-s3.js';

const MB = 1024 * 1024;
const TIMEOUT_MS = 400;

/** Highest resident set size seen while `work` runs (sampled every few ms). */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; growth: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A storage provider the caller configured can point anywhere: these peers lie about sizes, flood,
 * trickle and stall. Every S3 request has deadlines (--timeout) and every answer a bound counted
 * while it streams, so no peer holds a call or the server's memory.
 */
describe('a hostile S3 peer cannot hold a call or the memory', () => {
  let h: Harness;
  let peer: HostileS3;
  let work: string;
  let ids: { datasetId: string; version: string };

  beforeAll(async () => {
    work = await tempDir('hostile-s3');
    peer = await startHostileS3();
    h = await startHarness({
      args: ['--toolsets', 'all', '--confirm', 'off', '--files-root', work, '--timeout', String(TIMEOUT_MS)],
      sandbox: { seed: true },
    });
    const provider = await h.call('storage_providers_create', {
      name: 'hostile',
      storageProviderType: 's3',
      s3Config: {
        accessKey: 'AKIAHOSTILEPEER0001',
        secretAccessKey: 'hostile-peer-secret-key-0001',
        bucket: 'b',
        endpoint: peer.endpoint,
        region: 'us-east-1',
      },
    });
    const ds = await h.call('datasets_create', {
      name: 'hostile-ds',
      isPublic: false,
      storageProviderId: provider.structuredContent?.id,
    });
    const datasetId = String(ds.structuredContent?.id);
    const v = await h.call('datasets_versions_create', { datasetId });
    ids = { datasetId, version: String(v.structuredContent?.version) };
  });
  beforeEach(() => {
    peer.requests.length = 0;
  });
  afterAll(async () => {
    await h.close();
    await peer.close();
    await removeDir(work);
  });

  /** Bytes the answer to the first GET wrote before the client stopped reading. */
  const firstGet = () => peer.requests.find((r) => r.method === 'GET')?.written;

  it('a peer that accepts and never answers: the deadline fires, the message says so, the call returns', async () => {
    peer.behave({ stall: true });
    const listed = await h.call('datasets_versions_files_list', ids);
    expect(listed.isError).toBe(true);
    expect(textOf(listed)).toMatch(
      new RegExp(
        `Storage provider "hostile" \\(\\w+\\) at "${peer.endpoint}": no answer within ${TIMEOUT_MS} ms`,
      ),
    );
    expect(peer.requests.length).toBeGreaterThan(0);
  });

  it('an upload to a peer that takes the bytes and never answers fails at the silence deadline', async () => {
    await writeFile(join(work, 'up.txt'), 'upload me');
    peer.behave({ stall: true });
    const put = await h.call('datasets_versions_files_put', { ...ids, fromPath: 'up.txt' });
    expect(put.isError).toBe(true);
    expect(textOf(put).split('\n')[0]).toMatch(
      'The datasets_versions_files_put request was sent, and the change may have been applied.',
    );
    expect(textOf(put)).toMatch(`Upload stopped: Storage provider: no answer within ${TIMEOUT_MS} ms`);
    expect(peer.requests.some((r) => r.method === 'PUT')).toBe(true);
  });

  it('a body that trickles is cut at the deadline: an inline read must arrive whole in time', async () => {
    peer.behave({ head: () => 200, trickle: { everyMs: 50, declared: 200 } });
    const read = await h.call('datasets_versions_files_get', { ...ids, path: 'slow.txt' });
    expect(read.isError).toBe(true);
    expect(textOf(read)).toMatch(`its answer did not arrive whole within ${TIMEOUT_MS} ms`);
  });

  it('an object longer than its listed size is cut while streaming: an inline read never buffers the flood', async () => {
    peer.behave({ head: () => 100, get: () => ({ bytes: 1024 * MB }) });
    const { value: read, growth } = await peakRss(() =>
      h.call('datasets_versions_files_get', { ...ids, path: 'notes.txt' }),
    );
    expect(read.isError).toBe(true);
    expect(textOf(read)).toMatch('its answer is longer than the 100 bytes this server reads of it');
    expect(firstGet()).toBeLessThan(64 * MB);
    expect(growth).toBeLessThan(150 * MB);
  });

  it('the same flood as a resource read stops at the size listed for it', async () => {
    peer.behave({ head: () => 5000, get: () => ({ bytes: 1024 * MB }) });
    const { value: outcome, growth } = await peakRss(() =>
      h.client.readResource({ uri: fileUri(ids.datasetId, ids.version, 'notes.txt') }).then(
        () => undefined,
        (error: Error) => error,
      ),
    );
    expect(outcome?.message).toMatch('its answer is longer than the 5000 bytes this server reads of it');
    expect(firstGet()).toBeLessThan(64 * MB);
    expect(growth).toBeLessThan(150 * MB);
  });

  it('a download longer than listed stops at the listed size, fails, and leaves no partial file', async () => {
    peer.behave({
      head: () => 10,
      get: () => ({ bytes: 256 * MB }),
      list: () => ({ keys: [] }),
    });
    const got = await h.call('datasets_versions_files_get', { ...ids, path: 'big.bin', toPath: 'dl/' });
    expect(got.isError).toBe(true);
    expect(textOf(got)).toMatch(
      'big.bin: the storage provider sent more than the 10 bytes it listed for it, so it was dropped and nothing of it was kept',
    );
    expect(firstGet()).toBeLessThan(32 * MB);
    expect(await readdir(join(work, 'dl')).catch(() => [])).toEqual([]);
  });

  const keys = (prefix: string, from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      key: `${prefix}f-${String(from + i).padStart(6, '0')}`,
      size: 1,
    }));

  it('a 100,000-key tree listed in honest pages: the walk stops at 10,000 keys, page by page', async () => {
    peer.behave({
      head: () => undefined,
      list: (prefix, marker, max) => {
        const from = marker === '' ? 0 : Number(marker.slice(-6)) + 1;
        return { keys: keys(prefix, from, Math.min(max, 100_000 - from)), truncated: from + max < 100_000 };
      },
    });
    const got = await h.call('datasets_versions_files_get', { ...ids, path: 'tree/' });
    expect(got.isError).toBe(true);
    expect(textOf(got)).toMatch('More than 10000 files below this path');
    expect(peer.requests.filter((r) => r.key === '').length).toBeLessThanOrEqual(11);
  });

  it('one page of 100,000 keys (a peer that ignores max-keys) is refused while it streams: no stack overflow', async () => {
    peer.behave({ list: (prefix) => ({ keys: keys(prefix, 0, 100_000) }) });
    const listed = await h.call('datasets_versions_files_list', { ...ids, limit: 10 });
    expect(listed.isError).toBe(true);
    expect(textOf(listed)).toMatch('its answer is longer than the 4194304 bytes this server reads of it');
    expect(textOf(listed)).not.toMatch(/call stack/);
    expect(peer.requests[0]?.written).toBeLessThan(16 * MB);
  });

  it('a page with more keys than asked for is cut to the limit, and paging goes on after the last kept', async () => {
    peer.behave({ list: (prefix) => ({ keys: keys(prefix, 0, 20_000) }) });
    const listed = await h.call('datasets_versions_files_list', { ...ids, limit: 10 });
    expect(listed.isError, textOf(listed)).toBeFalsy();
    expect(listed.structuredContent).toMatchObject({ hasMore: true, nextPage: 'f-000009' });
    expect(listed.structuredContent?.items).toHaveLength(10);
  });

  it('a listing that never ends (the same marker again and again) is not followed', async () => {
    peer.behave({ list: () => ({ keys: [], truncated: true, nextMarker: 'again' }) });
    const got = await h.call('datasets_versions_files_get', { ...ids, path: 'loop/' });
    expect(got.isError).toBe(true);
    expect(textOf(got)).toMatch("The storage provider's listing below this path did not end after 2 page(s)");
    expect(peer.requests.filter((r) => r.key === '')).toHaveLength(2);
  });
});
