import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import { ALL_TOOLS, createMachine, expectOnlyRequest, type Obj, ok } from './machines-helpers.js';

describe('snapshots tools against the sandbox', () => {
  let h: Harness;
  let machine: Obj;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ALL_TOOLS });
    machine = await createMachine(h, 'snap-box');
  });
  afterAll(() => h.close());

  const snap = async (name: string, machineId = machine.id) =>
    (await ok(h, 'snapshots_create', { name, machineId })) as { event: Obj; data: Obj };

  it('snapshots_create answers {event, data}; the event finishes', async () => {
    h.clearLog();
    const created = await snap('before-upgrade');
    expectOnlyRequest(h, 'POST', '/snapshots', {}, { name: 'before-upgrade', machineId: machine.id });
    expect(created.data).toEqual({
      id: expect.stringMatching(/^s[a-z0-9]{7}$/),
      name: 'before-upgrade',
      machineId: machine.id,
      isAutoSnapshot: false,
    });
    expect(created.event).toMatchObject({ name: 'snapshot-create', state: 'new', machineId: machine.id });
    expect((await ok(h, 'machine_events_get', { id: created.event.id })).state).toBe('done');
    const missing = await h.call('snapshots_create', { name: 'x', machineId: 'psmissing' });
    expect(textOf(missing)).toContain('404');
  });

  it('snapshots_list filters by machineId and pages', async () => {
    const other = await createMachine(h, 'other-snap-box');
    await snap('other-1', other.id as string);
    await snap('other-2', other.id as string);
    await snap('other-3', other.id as string);
    h.clearLog();
    const first = await ok(h, 'snapshots_list', { machineId: other.id, limit: 2 });
    expectOnlyRequest(h, 'GET', '/snapshots', { machineId: String(other.id), limit: '2' });
    expect((first.items as Obj[]).map((s) => s.name)).toEqual(['other-3', 'other-2']);
    expect(first.hasMore).toBe(true);
    const rest = await ok(h, 'snapshots_list', { machineId: other.id, limit: 2, after: first.nextPage });
    expect((rest.items as Obj[]).map((s) => s.name)).toEqual(['other-1']);
    expect(rest.hasMore).toBe(false);
    const mine = await ok(h, 'snapshots_list', { machineId: machine.id });
    expect((mine.items as Obj[]).every((s) => s.machineId === machine.id)).toBe(true);
  });

  it('snapshots_get returns one snapshot; unknown ids are 404', async () => {
    const { data } = await snap('get-me');
    h.clearLog();
    const got = await ok(h, 'snapshots_get', { id: data.id });
    expectOnlyRequest(h, 'GET', `/snapshots/${data.id}`);
    expect(got).toEqual(data);
    expect(textOf(await h.call('snapshots_get', { id: 'smissing' }))).toContain('404');
  });

  it('snapshots_update renames', async () => {
    const { data } = await snap('old-name');
    h.clearLog();
    const updated = await ok(h, 'snapshots_update', { id: data.id, name: 'new-name' });
    expectOnlyRequest(h, 'PUT', `/snapshots/${data.id}`, {}, { name: 'new-name' });
    expect(updated).toEqual({ ...data, name: 'new-name' });
  });

  it('snapshots_restore restores and with createSnapshotBeforeRestore keeps a copy first', async () => {
    const { data } = await snap('restore-point');
    const before = ((await ok(h, 'snapshots_list', { machineId: machine.id, limit: 120 })).items as Obj[])
      .length;
    h.clearLog();
    const restored = await ok(h, 'snapshots_restore', { id: data.id, createSnapshotBeforeRestore: true });
    expectOnlyRequest(h, 'POST', `/snapshots/${data.id}/restore`, {}, { createSnapshotBeforeRestore: true });
    expect(restored).toMatchObject({ event: { name: 'snapshot-restore', machineId: machine.id }, data });
    const after = (await ok(h, 'snapshots_list', { machineId: machine.id, limit: 120 })).items as Obj[];
    expect(after).toHaveLength(before + 1);
    expect(after[0]?.name).toBe('snap-box before restore of restore-point');

    const plain = await ok(h, 'snapshots_restore', { id: data.id });
    expect(plain).toMatchObject({ event: { name: 'snapshot-restore' } });
    const unchanged = (await ok(h, 'snapshots_list', { machineId: machine.id, limit: 120 })).items as Obj[];
    expect(unchanged).toHaveLength(before + 1);
  });

  it('snapshots_delete answers {event, data} and the snapshot is gone', async () => {
    const { data } = await snap('doomed');
    h.clearLog();
    const deleted = await ok(h, 'snapshots_delete', { id: data.id });
    expectOnlyRequest(h, 'DELETE', `/snapshots/${data.id}`);
    expect(deleted).toMatchObject({ event: { name: 'snapshot-delete', machineId: machine.id }, data });
    expect(textOf(await h.call('snapshots_get', { id: data.id }))).toContain('404');
  });

  it('deleting the machine deletes its snapshots', async () => {
    const doomed = await createMachine(h, 'doomed-box');
    const { data } = await snap('goes-with-it', doomed.id as string);
    await ok(h, 'machines_delete', { id: doomed.id });
    expect(textOf(await h.call('snapshots_get', { id: data.id }))).toContain('404');
  });
});
