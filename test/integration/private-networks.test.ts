import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type Harness, startHarness, textOf } from '../helpers/harness.js';

describe('private network tools against the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
  });
  afterAll(() => h.close());

  async function create(name: string, region = 'ny2'): Promise<Record<string, unknown>> {
    const result = await h.call('private_networks_create', { name, region });
    expect(result.isError).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  }

  it('private_networks_create sends POST /private-networks and returns a /24 network', async () => {
    h.clearLog();
    const result = await h.call('private_networks_create', { name: 'research-net', region: 'ny2' });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      apiRequest('POST', '/private-networks', {}, { name: 'research-net', region: 'ny2' }),
    ]);
    expect(result.structuredContent).toMatchObject({
      id: expect.any(String),
      name: 'research-net',
      region: 'ny2',
      network: expect.stringMatching(/^10\.40\.\d+\.0$/),
      netmask: '255.255.255.0',
      dtCreated: expect.any(String),
      dtDeleted: null,
    });
  });

  it('each network gets its own subnet', async () => {
    const a = await create('subnet-a');
    const b = await create('subnet-b');
    expect(a.network).not.toBe(b.network);
  });

  it('migrateMachines moves every machine without a network into the new one', async () => {
    const machines = h.sandbox.store.table('machines');
    const loose = { id: 'psm1k8q2z', name: 'train-a100', region: 'ny2', networkId: null, privateIp: null };
    const settled = { id: 'psm2j7w3y', name: 'infer-a4000', region: 'ny2', networkId: 'pnelsewhere' };
    machines.set(loose.id, loose);
    machines.set(settled.id, settled);
    h.clearLog();
    const result = await h.call('private_networks_create', {
      name: 'migrated-net',
      region: 'ny2',
      migrateMachines: true,
    });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      apiRequest(
        'POST',
        '/private-networks',
        {},
        { name: 'migrated-net', region: 'ny2', migrateMachines: true },
      ),
    ]);
    const id = result.structuredContent?.id;
    expect(loose.networkId).toBe(id);
    expect(loose.privateIp).toEqual(expect.stringMatching(/^10\.40\./));
    expect(settled.networkId).toBe('pnelsewhere');
    machines.delete(loose.id);
    machines.delete(settled.id);
  });

  it('private_networks_create without a region is a 400 naming the field', async () => {
    const before = h.sandbox.store.table('privateNetworks').size;
    await expect(
      h.api.request({ method: 'POST', path: '/private-networks', body: { name: 'x' } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('region') });
    expect(h.sandbox.store.table('privateNetworks').size).toBe(before);
  });

  it('private_networks_get sends GET /private-networks/{id}', async () => {
    const network = await create('get-me');
    h.clearLog();
    const result = await h.call('private_networks_get', { id: network.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', `/private-networks/${network.id}`)]);
    expect(result.structuredContent).toEqual({ data: network });
  });

  it('private_networks_get of an unknown id is a 404', async () => {
    const result = await h.call('private_networks_get', { id: 'pnmissing1' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });

  it('private_networks_update sends PUT /private-networks/{id} and renames', async () => {
    const network = await create('old-name');
    h.clearLog();
    const result = await h.call('private_networks_update', { id: network.id, name: 'new-name' });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      apiRequest('PUT', `/private-networks/${network.id}`, {}, { name: 'new-name' }),
    ]);
    expect(result.structuredContent).toMatchObject({
      id: network.id,
      name: 'new-name',
      network: network.network,
    });
  });

  it('private_networks_list filters by name and region and pages', async () => {
    await create('list-net', 'ca1');
    await create('list-net', 'ca1');
    await create('list-net', 'ams1');
    h.clearLog();
    const result = await h.call('private_networks_list', { name: 'list-net', region: 'ca1', limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      apiRequest('GET', '/private-networks', { name: 'list-net', region: 'ca1', limit: '1' }),
    ]);
    expect(result.structuredContent).toMatchObject({
      items: [{ name: 'list-net', region: 'ca1' }],
      hasMore: true,
      nextPage: expect.any(String),
    });
    const next = await h.call('private_networks_list', {
      name: 'list-net',
      region: 'ca1',
      limit: 1,
      after: result.structuredContent?.nextPage as string,
    });
    expect(next.structuredContent).toMatchObject({
      items: [{ name: 'list-net', region: 'ca1' }],
      hasMore: false,
    });
    const byName = await h.call('private_networks_list', { orderBy: 'name', order: 'asc', limit: 120 });
    const names = ((byName.structuredContent?.items ?? []) as Array<{ name: string }>).map((n) => n.name);
    expect(names).toEqual([...names].sort());
  });

  it('private_networks_delete sends DELETE /private-networks/{id} and the network is gone', async () => {
    const network = await create('doomed-net');
    h.clearLog();
    const result = await h.call('private_networks_delete', { id: network.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('DELETE', `/private-networks/${network.id}`)]);
    expect(result.structuredContent).toEqual({ id: network.id });
    const gone = await h.call('private_networks_get', { id: network.id });
    expect(gone.isError).toBe(true);
    expect(textOf(gone)).toContain('404');
  });

  it('a network with a shared drive on it cannot be deleted', async () => {
    const network = await create('busy-net');
    const drive = await h.call('shared_drives_create', {
      name: 'busy-drive',
      size: 50,
      region: 'ny2',
      networkId: network.id,
    });
    expect(drive.isError).toBeFalsy();
    const result = await h.call('private_networks_delete', { id: network.id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('400');
    expect(h.sandbox.store.table('privateNetworks').has(network.id as string)).toBe(true);
  });
});
