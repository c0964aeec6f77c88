import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { Api, deploymentSpec, GATED_FIXTURES, type GatedFixture } from '../helpers/gated-fixtures.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';

/**
 * The gate fails closed: when it cannot tell whether a call is dangerous (the target is missing,
 * a list lookup misses, the API errors), the call asks or is refused; it never runs unconfirmed.
 * And the newly gated arguments ask, while their harmless neighbours still run at once.
 */
describe('the gate fails closed', () => {
  let h: Harness;
  let api: Api;
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all'], sandbox: { seed: true } });
    api = new Api(h.api, h.sandbox.store);
  });
  afterAll(() => h.close());

  const mutating = () => h.requests().filter(isMutating);

  async function expectAsks(name: string, args: Record<string, unknown>, also?: RegExp) {
    h.clearLog();
    const result = await h.call(name, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Confirmation required: nothing was changed yet\./);
    if (also) expect(textOf(result)).toMatch(also);
    expect(mutating()).toEqual([]);
  }

  async function expectRuns(name: string, args: Record<string, unknown>) {
    h.clearLog();
    const result = await h.call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(mutating()).toHaveLength(1);
  }

  it('public_ips_assign with an address not in the list asks, saying it could not be checked', async () => {
    const machineId = await api.machine();
    await expectAsks('public_ips_assign', { ip: '203.0.113.77', machineId }, /\nNot verified: /);
  });

  it('public_ips_assign and public_ips_release refuse an address with whitespace or that is no address', async () => {
    const ip = (await api.post('/public-ips', { region: 'ny2' })).ip as string;
    const machineId = await api.machine();
    for (const bad of [`${ip} `, ` ${ip}`, `${ip}\n`, 'example.com', `${ip}/32`, '']) {
      h.clearLog();
      const assign = await h.call('public_ips_assign', { ip: bad, machineId });
      const release = await h.call('public_ips_release', { ip: bad });
      expect(assign.isError, bad).toBe(true);
      expect(release.isError, bad).toBe(true);
      expect(textOf(assign)).toMatch(/IPv4 or IPv6|ip/i);
      expect(h.requests(), bad).toEqual([]);
    }
  });

  it('deployments_upsert naming a deployment the API does not know is refused, sending nothing', async () => {
    const projectId = await api.project();
    h.clearLog();
    const result = await h.call('deployments_upsert', {
      deploymentId: 'dep-not-there',
      projectId,
      config: deploymentSpec('ghost', 1),
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^deployments_upsert: the target was not found, so nothing was sent\./);
    expect(mutating()).toEqual([]);
  });

  it('an API error while fetching the target sends nothing', async () => {
    const fixture = (await (GATED_FIXTURES.public_ips_assign as (a: Api) => Promise<GatedFixture>)(api)).args;
    h.sandbox.faults.push({ kind: 'status', status: 500, times: 20, method: 'GET', path: '/public-ips' });
    h.clearLog();
    const result = await h.call('public_ips_assign', fixture);
    h.sandbox.faults.length = 0;
    expect(result.isError).toBe(true);
    expect(mutating()).toEqual([]);
  });

  it('machines_update asks for a new public IP type, network or restore point snapshot, not for the same values', async () => {
    const id = await api.machine();
    const machine = await api.get(`/machines/${id}`);
    const networkId = await api.network();
    const snapshotId = ((await api.post('/snapshots', { name: 'rp', machineId: id })).data as { id: string })
      .id;
    await expectAsks('machines_update', {
      id,
      publicIpType: machine.publicIpType === 'none' ? 'static' : 'none',
    });
    await expectAsks('machines_update', { id, networkId });
    await expectAsks('machines_update', { id, restorePointSnapshotId: snapshotId });
    await expectAsks('machines_update', { id, autoShutdownForce: true });
    await expectRuns('machines_update', { id, publicIpType: machine.publicIpType });
    await expectRuns('machines_update', { id, name: 'still-harmless' });
  });

  it('teams_members_update asks when isAdmin changes, runs when it does not', async () => {
    const fixture = await (GATED_FIXTURES.teams_members_update as (a: Api) => Promise<GatedFixture>)(api);
    const { teamId, userId } = fixture.args;
    await expectAsks('teams_members_update', { teamId, userId, isAdmin: true }, /\nTarget: .*not admin/);
    await expectRuns('teams_members_update', { teamId, userId, isAdmin: false });
  });

  it('teams_members_update for a member not found asks (the rule cannot be decided)', async () => {
    const teamId = ((await api.get('/auth/session')).team as { id: string }).id;
    await expectAsks(
      'teams_members_update',
      { teamId, userId: 'unobody', isAdmin: true },
      /\nNot verified: /,
    );
  });

  it('a confirmed call for a target that was not found re-checks it: once it appears, the token no longer applies', async () => {
    const machineId = await api.machine();
    const ip = '203.0.113.78';
    h.clearLog();
    const preview = await h.call('public_ips_assign', { ip, machineId });
    const token = /"confirm": "([^"]+)"/.exec(textOf(preview))?.[1];
    expect(token).toBeDefined();
    // The address shows up in the list (claimed by someone else) before the confirmation.
    h.sandbox.store.table('publicIps').set(ip, {
      ip,
      region: 'ny2',
      dtCreated: '2024-05-01T08:00:00.000Z',
      assignedMachineId: await api.machine('holder'),
    });
    h.clearLog();
    const result = await h.call('public_ips_assign', { ip, machineId, confirm: token });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/changed \(or disappeared\) since the preview/);
    expect(mutating()).toEqual([]);
  });
});
