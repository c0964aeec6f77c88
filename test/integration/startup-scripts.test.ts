import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import { ALL_TOOLS, createMachine, expectOnlyRequest, type Obj, ok } from './machines-helpers.js';

const BODY = '#!/bin/bash\necho "SECRET_TOKEN=abc123" >> /etc/environment\n';

describe('startup scripts tools against the sandbox', () => {
  let h: Harness;
  let machine: Obj;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ALL_TOOLS });
    machine = await createMachine(h, 'boot-box');
  });
  afterAll(() => h.close());

  const createScript = (name: string, extra: Obj = {}) =>
    ok(h, 'startup_scripts_create', { name, script: BODY, ...extra });

  /** The script body is write-only: no response of any startup script tool carries it. */
  const expectNoBody = (value: unknown) => {
    expect(JSON.stringify(value)).not.toContain('SECRET_TOKEN');
    expect(value).not.toHaveProperty('script');
  };

  it('startup_scripts_create stores the script but never returns its body', async () => {
    h.clearLog();
    const created = await createScript('install-drivers', { isRunOnce: true });
    expectOnlyRequest(
      h,
      'POST',
      '/startup-scripts',
      {},
      { name: 'install-drivers', script: BODY, isRunOnce: true },
    );
    expect(created).toMatchObject({
      name: 'install-drivers',
      isRunOnce: true,
      isEnabled: true,
      assignedMachineIds: [],
      description: null,
      dtDeleted: null,
    });
    expectNoBody(created);
    const stored = h.sandbox.store.table('startupScripts').get(created.id as string);
    expect(stored?.script).toBe(BODY);
  });

  it('startup_scripts_list filters by name and pages', async () => {
    await createScript('page-1');
    await createScript('page-2');
    await createScript('page-3');
    h.clearLog();
    const first = await ok(h, 'startup_scripts_list', {
      name: 'page',
      limit: 2,
      orderBy: 'name',
      order: 'asc',
    });
    expectOnlyRequest(h, 'GET', '/startup-scripts', {
      name: 'page',
      limit: '2',
      orderBy: 'name',
      order: 'asc',
    });
    expect((first.items as Obj[]).map((s) => s.name)).toEqual(['page-1', 'page-2']);
    expect(first.hasMore).toBe(true);
    const rest = await ok(h, 'startup_scripts_list', {
      name: 'page',
      limit: 2,
      orderBy: 'name',
      order: 'asc',
      after: first.nextPage,
    });
    expect((rest.items as Obj[]).map((s) => s.name)).toEqual(['page-3']);
    expectNoBody(first);
  });

  it('startup_scripts_get returns one script without its body; unknown ids are 404', async () => {
    const created = await createScript('get-me');
    h.clearLog();
    const got = await ok(h, 'startup_scripts_get', { id: created.id });
    expectOnlyRequest(h, 'GET', `/startup-scripts/${created.id}`);
    expect(got).toEqual(created);
    expectNoBody(got);
    expect(textOf(await h.call('startup_scripts_get', { id: 'scmissing' }))).toContain('404');
  });

  it('startup_scripts_update changes fields and replaces the body (still write-only)', async () => {
    const created = await createScript('update-me');
    h.clearLog();
    const args = { name: 'updated', script: '#!/bin/bash\necho v2\n', isRunOnce: true, isEnabled: false };
    const updated = await ok(h, 'startup_scripts_update', { id: created.id, ...args });
    expectOnlyRequest(h, 'PUT', `/startup-scripts/${created.id}`, {}, args);
    expect(updated).toMatchObject({ id: created.id, name: 'updated', isRunOnce: true, isEnabled: false });
    expect(updated).not.toHaveProperty('script');
    expect(h.sandbox.store.table('startupScripts').get(created.id as string)?.script).toBe(args.script);
  });

  it('startup_scripts_assign and _unassign keep assignedMachineIds', async () => {
    const created = await createScript('assign-me');
    const other = await createMachine(h, 'boot-box-2');
    h.clearLog();
    const assigned = await ok(h, 'startup_scripts_assign', { id: created.id, machineId: machine.id });
    expectOnlyRequest(h, 'POST', `/startup-scripts/${created.id}/assign`, {}, { machineId: machine.id });
    expect(assigned.assignedMachineIds).toEqual([machine.id]);
    await ok(h, 'startup_scripts_assign', { id: created.id, machineId: other.id });
    const again = await ok(h, 'startup_scripts_assign', { id: created.id, machineId: machine.id });
    expect(again.assignedMachineIds).toEqual([machine.id, other.id]);
    expectNoBody(again);

    h.clearLog();
    const unassigned = await ok(h, 'startup_scripts_unassign', { id: created.id, machineId: machine.id });
    expectOnlyRequest(h, 'POST', `/startup-scripts/${created.id}/unassign`, {}, { machineId: machine.id });
    expect(unassigned.assignedMachineIds).toEqual([other.id]);
    expect((await ok(h, 'startup_scripts_get', { id: created.id })).assignedMachineIds).toEqual([other.id]);

    const unknown = await h.call('startup_scripts_assign', { id: created.id, machineId: 'psmissing' });
    expect(textOf(unknown)).toContain('404');
    await ok(h, 'machines_delete', { id: other.id });
    expect((await ok(h, 'startup_scripts_get', { id: created.id })).assignedMachineIds).toEqual([]);
  });

  it('machines_create with startupScriptId assigns the script', async () => {
    const created = await createScript('on-create');
    const booted = await createMachine(h, 'scripted-box', { startupScriptId: created.id });
    expect((await ok(h, 'startup_scripts_get', { id: created.id })).assignedMachineIds).toEqual([booted.id]);
  });

  it('startup_scripts_delete returns the script with dtDeleted and removes it', async () => {
    const created = await createScript('doomed');
    h.clearLog();
    const deleted = await ok(h, 'startup_scripts_delete', { id: created.id });
    expectOnlyRequest(h, 'DELETE', `/startup-scripts/${created.id}`);
    expect(deleted).toMatchObject({ id: created.id, name: 'doomed' });
    expect(typeof deleted.dtDeleted).toBe('string');
    expectNoBody(deleted);
    expect(textOf(await h.call('startup_scripts_get', { id: created.id }))).toContain('404');
  });
});
