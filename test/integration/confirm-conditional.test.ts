import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { Api, deploymentSpec, GATED_FIXTURES } from '../helpers/gated-fixtures.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';

/**
 * Tools whose danger depends on their arguments ask only then: harmless calls run at once,
 * dangerous ones get the preview (the full gate matrix is in confirm.test.ts).
 */
describe('conditional confirmation rules', () => {
  let h: Harness;
  let api: Api;
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all'] });
    api = new Api(h.api);
  });
  afterAll(() => h.close());

  const mutating = () => h.requests().filter(isMutating);

  async function expectDirect(name: string, args: Record<string, unknown>) {
    h.clearLog();
    const result = await h.call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(mutating()).toHaveLength(1);
  }

  async function expectPreview(name: string, args: Record<string, unknown>) {
    h.clearLog();
    const result = await h.call(name, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Confirmation required: nothing was changed yet\./);
    expect(mutating()).toEqual([]);
  }

  it('machines_update: a rename or the same machine type runs; a new type, disk size or restore point asks', async () => {
    const id = await api.machine();
    const machine = await api.get(`/machines/${id}`);
    await expectDirect('machines_update', { id, name: 'renamed' });
    await expectDirect('machines_update', { id, machineType: machine.machineType });
    await expectPreview('machines_update', { id, machineType: 'A6000' });
    await expectPreview('machines_update', { id, diskSize: 500 });
    await expectPreview('machines_update', { id, restorePointEnabled: true });
  });

  it('deployments_upsert: creating runs; replacing an existing deployment asks', async () => {
    const projectId = await api.project();
    h.clearLog();
    const created = await h.call('deployments_upsert', { projectId, config: deploymentSpec('fresh', 1) });
    expect(created.isError, textOf(created)).toBeFalsy();
    expect(mutating()).toHaveLength(1);
    const deploymentId = created.structuredContent?.deploymentId;
    await expectPreview('deployments_upsert', {
      deploymentId,
      projectId,
      config: deploymentSpec('fresh', 2),
    });
  });

  it('public_ips_assign: an unassigned IP or the same machine runs; taking it from another machine asks', async () => {
    const ip = (await api.post('/public-ips', { region: 'ny2' })).ip as string;
    const first = await api.machine('first');
    const second = await api.machine('second');
    await expectDirect('public_ips_assign', { ip, machineId: first });
    await expectDirect('public_ips_assign', { ip, machineId: first });
    await expectPreview('public_ips_assign', { ip, machineId: second });
  });

  it('datasets_versions_update: a message, tags or metadata edit runs; a commit asks, with what committing means', async () => {
    const datasetId = await api.dataset();
    const version = (await api.post(`/datasets/${datasetId}/versions`, { message: 'first' })).version;
    await expectDirect('datasets_versions_update', { datasetId, version, message: 'edited' });
    await expectDirect('datasets_versions_update', { datasetId, version, tags: 'a,b', metadata: { k: 1 } });
    await expectDirect('datasets_versions_update', { datasetId, version, isCommitted: false });
    await expectPreview('datasets_versions_update', {
      datasetId,
      version,
      message: 'done',
      isCommitted: true,
    });
    const preview = textOf(
      await h.call('datasets_versions_update', { datasetId, version, isCommitted: true }),
    );
    expect(preview).toMatch(
      /^Commits version "[^"]+" of dataset "[^"]+": its files( \(\d+ bytes\))? are frozen/m,
    );
    expect(preview).toMatch(/files can no longer be added, replaced or deleted/);
    expect(preview).not.toMatch(/message, tags and metadata/i);
  });

  it('private_networks_create: without migrateMachines it runs; with it, it asks', async () => {
    await expectDirect('private_networks_create', { name: 'plain', region: 'ny2' });
    await expectDirect('private_networks_create', { name: 'plain-2', region: 'ny2', migrateMachines: false });
    const fixture = await (GATED_FIXTURES.private_networks_create as (a: Api) => Promise<{ args: object }>)(
      api,
    );
    await expectPreview('private_networks_create', fixture.args as Record<string, unknown>);
  });
});
