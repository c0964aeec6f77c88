import { mkdir, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addressKind, checkEndpoint, guardedAgents, type Resolve } from '../../src/files/endpoint-guard.js';
import { tenantFolder } from '../../src/files/local.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { removeDir, tempDir } from '../helpers/files.js';
import { type CallResult, startHarness, textOf } from '../helpers/harness.js';
import { type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';
import { spawnHttpServer } from '../helpers/process.js';
import { type HostileS3, startHostileS3 } from './hostile-s3.js';

type Result = CallResult;

/** A provider at `endpoint`, a dataset on it and a version: the ids to call file tools with. */
async function datasetAt(
  call: (name: string, args: Record<string, unknown>) => Promise<Result>,
  endpoint: string,
) {
  const provider = await call('storage_providers_create', {
    name: `at ${endpoint}`,
    storageProviderType: 's3',
    s3Config: {
      accessKey: 'AKIAINTERNAL00000001',
      secretAccessKey: 'internal-secret-key-000001',
      bucket: 'b',
      endpoint,
    },
  });
  const ds = await call('datasets_create', {
    name: 'internal',
    isPublic: false,
    storageProviderId: provider.structuredContent?.id,
  });
  const datasetId = String(ds.structuredContent?.id);
  const v = await call('datasets_versions_create', { datasetId });
  return { datasetId, version: String(v.structuredContent?.version) };
}

/**
 * Over HTTP the caller is someone else: a storage provider it creates must not turn the server
 * into a client of the server's own network (loopback services, a cloud metadata endpoint,
 * private ranges). The endpoint is checked on the address each connection goes to.
 */
describe('over HTTP a storage endpoint cannot lead into the server’s own network', () => {
  let sandbox: Sandbox;
  let peer: HostileS3;
  let root: string;
  let h: HttpHarness;
  let client: Client;
  const call = (name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: args }) as Promise<Result>;

  beforeAll(async () => {
    sandbox = await startSandbox({ transitionMs: 0, seed: true, s3: true });
    peer = await startHostileS3();
    peer.behave({ list: () => ({ keys: [] }), head: () => undefined });
    root = await tempDir('ssrf');
    // An open loopback server's callers share one folder in the root.
    await mkdir(join(root, tenantFolder('')), { recursive: true });
    await writeFile(join(root, tenantFolder(''), 'a.txt'), 'a');
    h = await startHttpHarness(['--toolsets', 'all', '--confirm', 'off', '--files-root', root], {}, sandbox);
    client = await httpClient(h.http.url, { era: 'modern' });
  });
  beforeEach(() => {
    peer.requests.length = 0;
  });
  afterAll(async () => {
    await client.close();
    await h.close();
    await peer.close();
    await sandbox.close();
    await removeDir(root);
  });

  const port = () => new URL(peer.endpoint).port;
  const loopbacks = () => [
    `http://127.0.0.1:${port()}`,
    `http://localhost:${port()}`,
    `http://[::ffff:127.0.0.1]:${port()}`,
    `http://2130706433:${port()}`,
  ];

  it('refuses loopback in every spelling (address, name, IPv4-mapped, decimal) and connects to none', async () => {
    for (const endpoint of loopbacks()) {
      const ids = await datasetAt(call, endpoint);
      const listed = await call('datasets_versions_files_list', ids);
      expect(listed.isError, endpoint).toBe(true);
      expect(textOf(listed)).toMatch(
        /leads to a loopback address, which this server does not connect to for HTTP callers/,
      );
      expect(textOf(listed)).toMatch('--allow-private-endpoints');
    }
    expect(peer.requests).toEqual([]);
  });

  it('refuses before creating anything: datasets_versions_create with sourcePath sends no create', async () => {
    const ids = await datasetAt(call, `http://127.0.0.1:${port()}`);
    const mark = sandbox.log.length;
    const res = await call('datasets_versions_create', { datasetId: ids.datasetId, sourcePath: 'a.txt' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/leads to a loopback address/);
    expect(sandbox.log.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(peer.requests).toEqual([]);
  });

  it('refuses the cloud metadata address 169.254.169.254', async () => {
    const ids = await datasetAt(call, 'http://169.254.169.254');
    const listed = await call('datasets_versions_files_list', ids);
    expect(listed.isError).toBe(true);
    expect(textOf(listed)).toMatch('endpoint "169.254.169.254" leads to a link-local address');
  });

  it('the sandbox’s own S3 emulator stays reachable', async () => {
    const providers = await call('storage_providers_list', {});
    const own = ((providers.structuredContent?.items ?? []) as Array<{ id: string; name: string }>).find(
      (p) => p.name === 'aws-datasets',
    );
    const ds = await call('datasets_create', { name: 'own', isPublic: false, storageProviderId: own?.id });
    const datasetId = String(ds.structuredContent?.id);
    const v = await call('datasets_versions_create', { datasetId });
    const listed = await call('datasets_versions_files_list', {
      datasetId,
      version: v.structuredContent?.version,
    });
    expect(listed.isError, textOf(listed)).toBeFalsy();
  });

  it('--allow-private-endpoints lets the operator allow it', async () => {
    const open = await startHttpHarness(
      ['--toolsets', 'all', '--confirm', 'off', '--allow-private-endpoints'],
      {},
      sandbox,
    );
    const other = await httpClient(open.http.url, { era: 'modern' });
    try {
      const ids = await datasetAt(
        (name, args) => other.callTool({ name, arguments: args }) as Promise<Result>,
        `http://127.0.0.1:${port()}`,
      );
      const listed = (await other.callTool({
        name: 'datasets_versions_files_list',
        arguments: ids,
      })) as Result;
      expect(listed.isError, textOf(listed)).toBeFalsy();
      expect(peer.requests.length).toBeGreaterThan(0);
    } finally {
      await other.close();
      await open.close();
    }
  });
});

describe('with --sandbox over HTTP (the built server)', () => {
  it('exempts only the sandbox’s own S3 emulator', async () => {
    const peer = await startHostileS3();
    const server = await spawnHttpServer(['--sandbox', '--toolsets', 'all', '--confirm', 'off'], {});
    const client = await httpClient(server.url, { era: 'modern' });
    const call = (name: string, args: Record<string, unknown>) =>
      client.callTool({ name, arguments: args }) as Promise<Result>;
    try {
      const providers = await call('storage_providers_list', {});
      const own = ((providers.structuredContent?.items ?? []) as Array<{ id: string; name: string }>).find(
        (p) => p.name === 'aws-datasets',
      );
      const ds = await call('datasets_create', { name: 'own', isPublic: false, storageProviderId: own?.id });
      const datasetId = String(ds.structuredContent?.id);
      const v = await call('datasets_versions_create', { datasetId });
      const sandboxed = { datasetId, version: String(v.structuredContent?.version) };
      const listed = await call('datasets_versions_files_list', sandboxed);
      expect(listed.isError, textOf(listed)).toBeFalsy();
      const elsewhere = await datasetAt(call, peer.endpoint);
      const refused = await call('datasets_versions_files_list', elsewhere);
      expect(textOf(refused)).toMatch(/leads to a loopback address/);
      expect(peer.requests).toEqual([]);
    } finally {
      await client.close();
      server.kill('SIGTERM');
      await server.exited;
      await peer.close();
    }
  });
});

describe('over stdio the network is the user’s own', () => {
  it('reaches a storage endpoint on loopback, by address and by name', async () => {
    const peer = await startHostileS3();
    peer.behave({ list: () => ({ keys: [{ key: 'x', size: 1 }] }) });
    const h = await startHarness({
      args: ['--toolsets', 'all', '--confirm', 'off'],
      sandbox: { seed: true },
    });
    try {
      for (const endpoint of [peer.endpoint, peer.endpoint.replace('127.0.0.1', 'localhost')]) {
        const ids = await datasetAt(h.call, endpoint);
        const listed = await h.call('datasets_versions_files_list', ids);
        expect(listed.isError, textOf(listed)).toBeFalsy();
      }
      expect(peer.requests.filter((r) => r.key === '')).toHaveLength(2);
    } finally {
      await h.close();
      await peer.close();
    }
  });
});

describe('the address checked is the address connected to', () => {
  let peer: HostileS3;
  beforeAll(async () => {
    peer = await startHostileS3();
    peer.behave({ head: () => 1 });
  });
  afterAll(() => peer.close());

  /** A resolver for names no real DNS knows, answering `addresses`, counting its calls. */
  const resolver = (addresses: string[]) => {
    const calls: string[] = [];
    const resolve: Resolve = (hostname, _options, callback) => {
      calls.push(hostname);
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
    return { resolve, calls };
  };
  const fetchThrough = (agent: import('node:http').Agent, host: string) =>
    new Promise<number>((resolve, reject) => {
      httpGet({ host, port: Number(new URL(peer.endpoint).port), path: '/b/k', agent }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });

  it('one resolution, and the connection goes to its answer (the name exists nowhere else)', async () => {
    const { resolve, calls } = resolver(['127.0.0.1']);
    const { httpAgent } = guardedAgents({ refusePrivate: false }, resolve);
    expect(await fetchThrough(httpAgent, 'bucket.rebind.test')).toBe(404);
    expect(calls).toEqual(['bucket.rebind.test']);
    expect(peer.requests.at(-1)?.key).toBe('k');
    httpAgent.destroy();
  });

  it('a name with any private address among its answers is refused before a connection', async () => {
    const seen = peer.requests.length;
    for (const answers of [['127.0.0.1'], ['::1'], ['::ffff:169.254.169.254']]) {
      const { resolve } = resolver(answers);
      const { httpAgent } = guardedAgents({ refusePrivate: true }, resolve);
      await expect(fetchThrough(httpAgent, 'bucket.rebind.test')).rejects.toThrow(/leads to a .* address/);
      httpAgent.destroy();
    }
    expect(peer.requests.length).toBe(seen);
  });

  it('classifies the ranges that are not public, IPv4-mapped forms as their IPv4 address', () => {
    const kinds = Object.fromEntries(
      [
        '127.0.0.1',
        '127.9.9.9',
        '::1',
        '::ffff:7f00:1',
        '169.254.169.254',
        '::ffff:169.254.169.254',
        'fe80::1',
        '10.1.2.3',
        '172.16.0.1',
        '172.31.255.255',
        '192.168.1.1',
        '100.100.100.200',
        'fd12:3456::1',
        'fc00::1',
        '0.0.0.0',
        '::',
        '8.8.8.8',
        '172.32.0.1',
        '2001:4860:4860::8888',
        '::ffff:8.8.8.8',
      ].map((a) => [a, addressKind(a) ?? 'public']),
    );
    expect(kinds).toEqual({
      '127.0.0.1': 'loopback',
      '127.9.9.9': 'loopback',
      '::1': 'loopback',
      '::ffff:7f00:1': 'loopback',
      '169.254.169.254': 'link-local',
      '::ffff:169.254.169.254': 'link-local',
      'fe80::1': 'link-local',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '100.100.100.200': 'private',
      'fd12:3456::1': 'unique-local',
      'fc00::1': 'unique-local',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
      '8.8.8.8': 'public',
      '172.32.0.1': 'public',
      '2001:4860:4860::8888': 'public',
      '::ffff:8.8.8.8': 'public',
    });
  });

  it('checks an endpoint URL the same way before anything is created', async () => {
    const rule = { refusePrivate: true };
    await expect(checkEndpoint(rule, 'http://169.254.169.254/')).rejects.toThrow(/link-local/);
    await expect(checkEndpoint(rule, 'http://[::ffff:a9fe:a9fe]:80')).rejects.toThrow(/link-local/);
    await expect(checkEndpoint(rule, 'http://0x7f.1:9000')).rejects.toThrow(/loopback/);
    await expect(checkEndpoint(rule, 'http://localhost:9000')).rejects.toThrow(/loopback/);
    await expect(checkEndpoint({ ...rule, exempt: '127.0.0.1:9000' }, 'http://127.0.0.1:9000')).resolves.toBe(
      undefined,
    );
    await expect(checkEndpoint({ refusePrivate: false }, 'http://127.0.0.1:9000')).resolves.toBe(undefined);
  });
});
