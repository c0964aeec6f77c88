import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_KEY, textOf } from '../helpers/harness.js';

const ARGS = ['--toolsets', 'all', '--confirm', 'off'];
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

describe.each(['legacy', 'modern'] as const)('public IP tools against the sandbox (%s era)', (era) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era, args: ARGS });
  });
  afterAll(() => h.close());

  const request = (method: string, path: string, query: Record<string, string> = {}, body?: unknown) =>
    expect.objectContaining({ method, path, query, body, authorization: `Bearer ${TEST_KEY}` });

  /** A machine as the machines area stores it (only the fields public IPs touch). */
  function addMachine(id: string, region = 'ny2'): Record<string, unknown> {
    const machine = {
      id,
      name: `train-${id}`,
      region,
      state: 'ready',
      publicIp: null,
      publicIpType: 'dynamic',
    };
    h.sandbox.store.table('machines').set(id, machine);
    return machine;
  }

  async function claim(region = 'ny2'): Promise<string> {
    const result = await h.call('public_ips_claim', { region });
    expect(result.isError).toBeFalsy();
    return result.structuredContent?.ip as string;
  }

  it('public_ips_claim sends POST /public-ips and returns an unassigned IPv4 in the region', async () => {
    h.clearLog();
    const result = await h.call('public_ips_claim', { region: 'ny2' });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([request('POST', '/public-ips', {}, { region: 'ny2' })]);
    expect(result.structuredContent).toMatchObject({ region: 'ny2', ip: expect.stringMatching(IPV4) });
    expect(result.structuredContent?.dtCreated).toEqual(expect.any(String));
    expect(result.structuredContent).not.toHaveProperty('assignedMachineId');
  });

  it('public_ips_list filters by region and pages with limit and nextPage', async () => {
    const ips = [await claim('ams1'), await claim('ams1'), await claim('ams1')];
    await claim('ca1');
    h.clearLog();
    const first = await h.call('public_ips_list', { region: 'ams1', limit: 2 });
    expect(first.isError).toBeFalsy();
    expect(h.requests()).toEqual([request('GET', '/public-ips', { region: 'ams1', limit: '2' })]);
    expect(first.structuredContent).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
    const second = await h.call('public_ips_list', {
      region: 'ams1',
      limit: 2,
      after: first.structuredContent?.nextPage as string,
    });
    expect(second.structuredContent).toMatchObject({ hasMore: false });
    const seen = [first, second].flatMap((r) =>
      ((r.structuredContent?.items ?? []) as Array<{ ip: string }>).map((i) => i.ip),
    );
    expect(seen).toEqual([...ips].reverse());
    const all = await h.call('public_ips_list', { region: 'ams1', order: 'asc' });
    const regions = ((all.structuredContent?.items ?? []) as Array<{ region: string }>).map((i) => i.region);
    expect(regions).toEqual(['ams1', 'ams1', 'ams1']);
  });

  it('public_ips_assign sends PUT /public-ips/{ip} and attaches the IP to the machine', async () => {
    const ip = await claim();
    const machine = addMachine('psa1x9k2m');
    h.clearLog();
    const result = await h.call('public_ips_assign', { ip, machineId: 'psa1x9k2m' });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([request('PUT', `/public-ips/${ip}`, {}, { machineId: 'psa1x9k2m' })]);
    expect(result.structuredContent).toMatchObject({ ip, region: 'ny2', assignedMachineId: 'psa1x9k2m' });
    expect(machine).toMatchObject({ publicIp: ip, publicIpType: 'static' });
  });

  it('public_ips_assign with machineId null unassigns the IP', async () => {
    const ip = await claim();
    const machine = addMachine('psb2y8j3n');
    await h.call('public_ips_assign', { ip, machineId: 'psb2y8j3n' });
    h.clearLog();
    const result = await h.call('public_ips_assign', { ip, machineId: null });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([request('PUT', `/public-ips/${ip}`, {}, { machineId: null })]);
    expect(result.structuredContent).toMatchObject({ ip });
    expect(result.structuredContent).not.toHaveProperty('assignedMachineId');
    expect(machine.publicIp).toBeNull();
  });

  it('moving an IP to another machine takes it away from the first', async () => {
    const ip = await claim();
    const a = addMachine('psc3z7h4p');
    const b = addMachine('psd4w6g5q');
    await h.call('public_ips_assign', { ip, machineId: 'psc3z7h4p' });
    const moved = await h.call('public_ips_assign', { ip, machineId: 'psd4w6g5q' });
    expect(moved.structuredContent).toMatchObject({ assignedMachineId: 'psd4w6g5q' });
    expect(a.publicIp).toBeNull();
    expect(b.publicIp).toBe(ip);
  });

  it('public_ips_assign to an unknown machine is a 404 and leaves the IP unassigned', async () => {
    const ip = await claim();
    const result = await h.call('public_ips_assign', { ip, machineId: 'psnotthere' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
    expect(h.sandbox.store.table('publicIps').get(ip)).not.toHaveProperty('assignedMachineId');
  });

  it('public_ips_assign of an unknown IP is a 404', async () => {
    const result = await h.call('public_ips_assign', { ip: '203.0.113.9', machineId: null });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });

  it('public_ips_release sends DELETE /public-ips/{ip}, detaches and forgets the IP', async () => {
    const ip = await claim();
    const machine = addMachine('pse5v5f6r');
    await h.call('public_ips_assign', { ip, machineId: 'pse5v5f6r' });
    h.clearLog();
    const result = await h.call('public_ips_release', { ip });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([request('DELETE', `/public-ips/${ip}`)]);
    expect(result.structuredContent).toEqual({ ip });
    expect(machine.publicIp).toBeNull();
    const again = await h.call('public_ips_release', { ip });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toContain('404');
  });
});
