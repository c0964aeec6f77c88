import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type Harness, startHarness, textOf } from '../helpers/harness.js';

describe('shared drive tools against the sandbox', () => {
  let h: Harness;
  let networkId: string;
  let otherNetworkId: string;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
    const ny = await h.call('private_networks_create', { name: 'drives-net', region: 'ny2' });
    const ca = await h.call('private_networks_create', { name: 'west-net', region: 'ca1' });
    networkId = ny.structuredContent?.id as string;
    otherNetworkId = ca.structuredContent?.id as string;
  });
  afterAll(() => h.close());

  async function create(name: string, size = 50, network = networkId, region = 'ny2') {
    const result = await h.call('shared_drives_create', { name, size, region, networkId: network });
    expect(result.isError).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  }

  it('shared_drives_create sends POST /shared-drives and returns a mountable drive (password redacted)', async () => {
    h.clearLog();
    const args = { name: 'imagenet-subset', size: 250, region: 'ny2', networkId };
    const result = await h.call('shared_drives_create', args);
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('POST', '/shared-drives', {}, args)]);
    const drive = result.structuredContent as Record<string, unknown>;
    expect(drive).toMatchObject({
      id: expect.any(String),
      name: 'imagenet-subset',
      size: 250,
      region: 'ny2',
      networkId,
      username: expect.any(String),
      password: '[redacted]',
      dtDeleted: null,
    });
    const network = h.sandbox.store.table('privateNetworks').get(networkId) as { network: string };
    const host = network.network.replace(/\.0$/, '.5');
    expect(drive.mountPoint).toBe(`\\\\${host}\\${drive.id}`);
    const stored = h.sandbox.store.table('sharedDrives').get(drive.id as string) as { password: string };
    expect(stored.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(textOf(result)).not.toContain(stored.password);
  });

  it('shared_drives_create in an unknown network is a 404 and creates nothing', async () => {
    const before = h.sandbox.store.table('sharedDrives').size;
    const result = await h.call('shared_drives_create', {
      name: 'orphan',
      size: 50,
      region: 'ny2',
      networkId: 'pnmissing1',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
    expect(h.sandbox.store.table('sharedDrives').size).toBe(before);
  });

  it('shared_drives_create in a region other than the network is a 400', async () => {
    const result = await h.call('shared_drives_create', {
      name: 'wrong-region',
      size: 50,
      region: 'ny2',
      networkId: otherNetworkId,
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('400');
  });

  it('shared_drives_get sends GET /shared-drives/{id}', async () => {
    const drive = await create('get-drive');
    h.clearLog();
    const result = await h.call('shared_drives_get', { id: drive.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', `/shared-drives/${drive.id}`)]);
    expect(result.structuredContent).toEqual(drive);
  });

  it('shared_drives_get of an unknown id is a 404', async () => {
    const result = await h.call('shared_drives_get', { id: 'sdmissing1' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });

  it('shared_drives_update sends PUT /shared-drives/{id} and renames', async () => {
    const drive = await create('old-drive');
    h.clearLog();
    const result = await h.call('shared_drives_update', { id: drive.id, name: 'checkpoints' });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      apiRequest('PUT', `/shared-drives/${drive.id}`, {}, { name: 'checkpoints' }),
    ]);
    expect(result.structuredContent).toMatchObject({ id: drive.id, name: 'checkpoints', size: 50 });
  });

  it('shared_drives_list filters by name and region and pages', async () => {
    await create('listed', 100);
    await create('listed', 200);
    await create('listed', 500, otherNetworkId, 'ca1');
    h.clearLog();
    const result = await h.call('shared_drives_list', { name: 'listed', region: 'ny2', limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      apiRequest('GET', '/shared-drives', { name: 'listed', region: 'ny2', limit: '1' }),
    ]);
    expect(result.structuredContent).toMatchObject({
      items: [{ name: 'listed', region: 'ny2', size: 200, password: '[redacted]' }],
      hasMore: true,
    });
    const next = await h.call('shared_drives_list', {
      name: 'listed',
      region: 'ny2',
      limit: 1,
      after: result.structuredContent?.nextPage as string,
    });
    expect(next.structuredContent).toMatchObject({ items: [{ size: 100 }], hasMore: false });
    const west = await h.call('shared_drives_list', { region: 'ca1' });
    expect(west.structuredContent).toMatchObject({ items: [{ name: 'listed', size: 500 }], hasMore: false });
  });

  it('shared_drives_delete sends DELETE /shared-drives/{id} and frees the network', async () => {
    const network = await h.call('private_networks_create', { name: 'temp-net', region: 'ny2' });
    const tempId = network.structuredContent?.id as string;
    const drive = await create('temp-drive', 50, tempId);
    h.clearLog();
    const result = await h.call('shared_drives_delete', { id: drive.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('DELETE', `/shared-drives/${drive.id}`)]);
    expect(result.structuredContent).toEqual({ id: drive.id });
    const gone = await h.call('shared_drives_get', { id: drive.id });
    expect(textOf(gone)).toContain('404');
    const freed = await h.call('private_networks_delete', { id: tempId });
    expect(freed.isError).toBeFalsy();
  });
});
