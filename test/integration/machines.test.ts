import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import {
  ALL_TOOLS,
  createMachine,
  expectOnlyRequest,
  MACHINE_ARGS,
  type Obj,
  ok,
  waitForEvent,
} from './machines-helpers.js';

describe.each(['legacy', 'modern'] as const)('machines tools against the sandbox (%s era)', (era) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era, args: ALL_TOOLS });
  });
  afterAll(() => h.close());

  describe('create, get, list', () => {
    it('machines_create sends the body and answers {event, data} with a provisioning machine', async () => {
      h.clearLog();
      const args = { name: 'train-a100', ...MACHINE_ARGS, machineType: 'A100', diskSize: 500 };
      const created = await ok(h, 'machines_create', args);
      expectOnlyRequest(h, 'POST', '/machines', {}, args);
      const data = created.data as Obj;
      const event = created.event as Obj;
      expect(data).toMatchObject({
        name: 'train-a100',
        state: 'provisioning',
        machineType: 'A100',
        region: 'ny2',
      });
      expect(data.id).toMatch(/^ps[a-z0-9]{7}$/);
      expect(data.storageTotal).toBe(500 * 1024 ** 3);
      expect(data.accelerators).toEqual([{ name: 'A100', count: 1, memory: 40 }]);
      expect(event).toMatchObject({ name: 'create', state: 'new', machineId: data.id, error: null });

      const machine = await ok(h, 'machines_get', { id: data.id });
      expect(machine.state).toBe('ready');
      expect(await ok(h, 'machine_events_get', { id: event.id })).toMatchObject({
        id: event.id,
        name: 'create',
        state: 'done',
      });
    });

    it('machines_create with startOnCreate false ends off', async () => {
      const data = await createMachine(h, 'cold-spare', { startOnCreate: false });
      expect((await ok(h, 'machines_get', { id: data.id })).state).toBe('off');
    });

    it('machines_create rejects a disk smaller than the template and an unavailable type', async () => {
      const small = await h.call('machines_create', { name: 'x', ...MACHINE_ARGS, templateId: 'tqqsxr6b' });
      expect(small.isError).toBe(true);
      expect(textOf(small)).toContain('400');
      const h100 = await h.call('machines_create', {
        name: 'x',
        ...MACHINE_ARGS,
        machineType: 'H100',
        diskSize: 100,
      });
      expect(h100.isError).toBe(true);
      expect(textOf(h100)).toContain('not available');
      const unknown = await h.call('machines_create', { name: 'x', ...MACHINE_ARGS, templateId: 'tnope000' });
      expect(textOf(unknown)).toContain('404');
    });

    it('machines_get sends GET /machines/{id}; an unknown id is a 404 error', async () => {
      const data = await createMachine(h, 'get-me');
      h.clearLog();
      const machine = await ok(h, 'machines_get', { id: data.id });
      expectOnlyRequest(h, 'GET', `/machines/${data.id}`);
      expect(machine).toMatchObject({
        id: data.id,
        name: 'get-me',
        cpus: 4,
        os: 'Ubuntu 22.04',
        dtDeleted: null,
      });
      const missing = await h.call('machines_get', { id: 'psmissing' });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toContain('404');
    });

    it('machines_list pages with limit/nextPage and filters by name and region', async () => {
      for (const name of ['page-a', 'page-b', 'page-c']) await createMachine(h, name, { region: 'ams1' });
      h.clearLog();
      const first = await ok(h, 'machines_list', { region: 'ams1', limit: 2, orderBy: 'name', order: 'asc' });
      expectOnlyRequest(h, 'GET', '/machines', { region: 'ams1', limit: '2', orderBy: 'name', order: 'asc' });
      expect((first.items as Obj[]).map((m) => m.name)).toEqual(['page-a', 'page-b']);
      expect(first.hasMore).toBe(true);
      const second = await ok(h, 'machines_list', {
        region: 'ams1',
        limit: 2,
        orderBy: 'name',
        order: 'asc',
        after: first.nextPage,
      });
      expect((second.items as Obj[]).map((m) => m.name)).toEqual(['page-c']);
      expect(second.hasMore).toBe(false);
      const byName = await ok(h, 'machines_list', { name: 'page-b' });
      expect((byName.items as Obj[]).map((m) => m.name)).toEqual(['page-b']);
    });
  });

  describe('life cycle', () => {
    it('machines_stop → stopping then off; stopping again is an idempotent no-op', async () => {
      const data = await createMachine(h, 'stop-me');
      h.clearLog();
      const stopped = await ok(h, 'machines_stop', { id: data.id });
      expectOnlyRequest(h, 'PATCH', `/machines/${data.id}/stop`);
      expect(stopped).toMatchObject({ event: { name: 'stop', state: 'new' }, data: { state: 'stopping' } });
      expect((await ok(h, 'machines_get', { id: data.id })).state).toBe('off');
      const again = await ok(h, 'machines_stop', { id: data.id });
      expect(again).toMatchObject({ event: { name: 'stop', state: 'done' }, data: { state: 'off' } });
    });

    it('machines_start → starting then ready; machines_restart → restarting then ready', async () => {
      const data = await createMachine(h, 'cycle-me', { startOnCreate: false });
      h.clearLog();
      const started = await ok(h, 'machines_start', { id: data.id });
      expectOnlyRequest(h, 'PATCH', `/machines/${data.id}/start`);
      expect(started).toMatchObject({ event: { name: 'start', state: 'new' }, data: { state: 'starting' } });
      expect((await ok(h, 'machines_get', { id: data.id })).state).toBe('ready');

      h.clearLog();
      const restarted = await ok(h, 'machines_restart', { id: data.id });
      expectOnlyRequest(h, 'PATCH', `/machines/${data.id}/restart`);
      expect(restarted).toMatchObject({ event: { name: 'restart' }, data: { state: 'restarting' } });
      const event = await waitForEvent(h, (restarted.event as Obj).id as string);
      expect(event).toMatchObject({ state: 'done', error: null });
      expect(typeof event.dtFinished).toBe('string');
      expect((await ok(h, 'machines_get', { id: data.id })).state).toBe('ready');
    });

    it('starting a ready machine succeeds idempotently; restarting an off machine is a 400', async () => {
      const data = await createMachine(h, 'noop-me');
      const start = await ok(h, 'machines_start', { id: data.id });
      expect(start).toMatchObject({ event: { state: 'done' }, data: { state: 'ready' } });
      await ok(h, 'machines_stop', { id: data.id });
      const restart = await h.call('machines_restart', { id: data.id });
      expect(restart.isError).toBe(true);
      expect(textOf(restart)).toContain('400');
    });

    it('with a slow transition the intermediate state is visible and conflicting actions are refused', async () => {
      const data = await createMachine(h, 'slow-me');
      h.sandbox.store.transitionMs = 60_000; // held until settle()
      try {
        const stopped = await ok(h, 'machines_stop', { id: data.id });
        expect((await ok(h, 'machines_get', { id: data.id })).state).toBe('stopping');
        const start = await h.call('machines_start', { id: data.id });
        expect(start.isError).toBe(true);
        expect(textOf(start)).toContain('stopping');
        h.sandbox.store.settle();
        expect(await waitForEvent(h, (stopped.event as Obj).id as string)).toMatchObject({ state: 'done' });
        expect((await ok(h, 'machines_get', { id: data.id })).state).toBe('off');
      } finally {
        h.sandbox.store.transitionMs = 0;
      }
    });

    it('machines_update renames without an event; a new type and bigger disk keep the machine', async () => {
      const data = await createMachine(h, 'grow-me');
      h.clearLog();
      const renamed = await ok(h, 'machines_update', { id: data.id, name: 'grown' });
      expectOnlyRequest(h, 'PUT', `/machines/${data.id}`, {}, { name: 'grown' });
      expect(renamed.event).toBeUndefined();
      expect(renamed.data).toMatchObject({ id: data.id, name: 'grown', state: 'ready' });

      const upgraded = await ok(h, 'machines_update', { id: data.id, machineType: 'C7', diskSize: 100 });
      expect(upgraded).toMatchObject({
        event: { name: 'vm-upgrade' },
        data: { id: data.id, machineType: 'C7', cpus: 12, storageTotal: 100 * 1024 ** 3, state: 'upgrading' },
      });
      expect(await ok(h, 'machines_get', { id: data.id })).toMatchObject({
        state: 'ready',
        machineType: 'C7',
      });
    });

    it('machines_update refuses to shrink the disk and changes nothing', async () => {
      const data = await createMachine(h, 'shrink-me', { diskSize: 100 });
      const result = await h.call('machines_update', { id: data.id, name: 'renamed', diskSize: 50 });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('400');
      expect(textOf(result)).toContain('shrink');
      expect(await ok(h, 'machines_get', { id: data.id })).toMatchObject({
        name: 'shrink-me',
        storageTotal: 100 * 1024 ** 3,
      });
    });

    it('machines_delete answers event + data and the machine is gone from get and list', async () => {
      const data = await createMachine(h, 'delete-me');
      h.clearLog();
      const deleted = await ok(h, 'machines_delete', { id: data.id });
      expectOnlyRequest(h, 'DELETE', `/machines/${data.id}`);
      expect(deleted).toMatchObject({ event: { name: 'delete', machineId: data.id }, data: { id: data.id } });
      expect(typeof (deleted.data as Obj).dtDeleted).toBe('string');
      expect((await h.call('machines_get', { id: data.id })).isError).toBe(true);
      const list = await ok(h, 'machines_list', { name: 'delete-me' });
      expect(list.items).toEqual([]);
      expect(await ok(h, 'machine_events_get', { id: (deleted.event as Obj).id })).toMatchObject({
        state: 'done',
      });
    });
  });

  describe('events', () => {
    it('machine_events_get sends GET /machine-events/{id}; unknown ids are 404', async () => {
      const created = await ok(h, 'machines_create', { name: 'event-me', ...MACHINE_ARGS });
      const id = (created.event as Obj).id as string;
      h.clearLog();
      const event = await ok(h, 'machine_events_get', { id });
      expectOnlyRequest(h, 'GET', `/machine-events/${id}`);
      expect(event).toMatchObject({ id, name: 'create', state: 'done' });
      expect(textOf(await h.call('machine_events_get', { id: 'evmissing' }))).toContain('404');
    });

    it('machine_events_list filters by machineId, newest first', async () => {
      const data = await createMachine(h, 'history-me');
      await ok(h, 'machines_stop', { id: data.id });
      await ok(h, 'machines_start', { id: data.id });
      h.clearLog();
      const page = await ok(h, 'machine_events_list', { machineId: data.id });
      expectOnlyRequest(h, 'GET', '/machine-events', { machineId: String(data.id) });
      expect((page.items as Obj[]).map((e) => e.name)).toEqual(['start', 'stop', 'create']);
      expect((page.items as Obj[]).every((e) => e.machineId === data.id && e.state === 'done')).toBe(true);
      expect(page.hasMore).toBe(false);
    });
  });

  describe('accessors', () => {
    const colleague = { id: 'u8rt2kq5m', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' };
    let machineId: string;
    beforeAll(async () => {
      h.sandbox.store.table('users').set(colleague.id, { ...colleague });
      machineId = (await createMachine(h, 'shared-box')).id as string;
    });

    it('machines_accessors_add posts the userId and returns the user', async () => {
      h.clearLog();
      const added = await ok(h, 'machines_accessors_add', { id: machineId, userId: colleague.id });
      expectOnlyRequest(h, 'POST', `/machines/${machineId}/accessors`, {}, { userId: colleague.id });
      expect(added).toEqual({ user: { ...colleague, publicProfileImageUrl: null }, dtDeleted: null });
      const twice = await h.call('machines_accessors_add', { id: machineId, userId: colleague.id });
      expect(textOf(twice)).toContain('409');
      const stranger = await h.call('machines_accessors_add', { id: machineId, userId: 'unobody00' });
      expect(textOf(stranger)).toContain('404');
    });

    it('machines_accessors_list pages the accessors of one machine', async () => {
      await ok(h, 'machines_accessors_add', { id: machineId, userId: 'u3xk9mbq2' });
      h.clearLog();
      const page = await ok(h, 'machines_accessors_list', { id: machineId, limit: 1, order: 'asc' });
      expectOnlyRequest(h, 'GET', `/machines/${machineId}/accessors`, { limit: '1', order: 'asc' });
      expect((page.items as Obj[]).map((a) => (a.user as Obj).id)).toEqual(['u3xk9mbq2']);
      expect(page.hasMore).toBe(true);
      const next = await ok(h, 'machines_accessors_list', {
        id: machineId,
        limit: 1,
        order: 'asc',
        after: page.nextPage,
      });
      expect((next.items as Obj[]).map((a) => (a.user as Obj).id)).toEqual([colleague.id]);
    });

    it('machines_accessors_get returns one accessor', async () => {
      h.clearLog();
      const accessor = await ok(h, 'machines_accessors_get', { id: machineId, userId: colleague.id });
      expectOnlyRequest(h, 'GET', `/machines/${machineId}/accessors/${colleague.id}`);
      expect(accessor).toMatchObject({ user: { email: 'grace@example.com' }, dtDeleted: null });
    });

    it('machines_accessors_remove deletes the accessor and stamps dtDeleted', async () => {
      h.clearLog();
      const removed = await ok(h, 'machines_accessors_remove', { id: machineId, userId: colleague.id });
      expectOnlyRequest(h, 'DELETE', `/machines/${machineId}/accessors/${colleague.id}`);
      expect(removed).toMatchObject({ user: { id: colleague.id } });
      expect(typeof removed.dtDeleted).toBe('string');
      const gone = await h.call('machines_accessors_get', { id: machineId, userId: colleague.id });
      expect(textOf(gone)).toContain('404');
    });
  });

  describe('desktop, availability, OS templates', () => {
    it('machines_desktop_get returns the VNC settings with the password redacted', async () => {
      const data = await createMachine(h, 'desk-me');
      h.clearLog();
      const desktop = await ok(h, 'machines_desktop_get', { id: data.id });
      expectOnlyRequest(h, 'GET', `/machines/${data.id}/desktop`);
      expect(desktop.vnc).toEqual({
        hostname: `${data.id}.machines.paperspace.com`,
        port: 5901,
        password: '[redacted]',
      });
      const raw = await h.api.request({ method: 'GET', path: `/machines/${data.id}/desktop` });
      expect((raw as { vnc: Obj }).vnc.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    });

    it('machine_availability_get sends both query parameters', async () => {
      h.clearLog();
      const a100 = await ok(h, 'machine_availability_get', { machineType: 'A100', region: 'ny2' });
      expectOnlyRequest(h, 'GET', '/machine-availability', { machineType: 'A100', region: 'ny2' });
      expect(a100).toEqual({ available: true });
      expect(await ok(h, 'machine_availability_get', { machineType: 'A100', region: 'ams1' })).toEqual({
        available: false,
      });
      const bad = await h.call('machine_availability_get', { machineType: 'A100', region: 'mars1' });
      expect(textOf(bad)).toContain('400');
    });

    it('os_templates_list pages by name and filters', async () => {
      h.clearLog();
      const page = await ok(h, 'os_templates_list', { limit: 2, order: 'asc' });
      expectOnlyRequest(h, 'GET', '/os-templates', { limit: '2', order: 'asc' });
      expect((page.items as Obj[]).map((t) => t.name)).toEqual([
        'ML-in-a-Box Ubuntu 22.04',
        'Ubuntu 20.04 Server',
      ]);
      expect(page.hasMore).toBe(true);
      const windows = await ok(h, 'os_templates_list', { name: 'Windows' });
      expect(windows.items).toEqual([
        expect.objectContaining({ id: 'tilqt47t', agentType: 'WindowsDesktop', defaultSizeGb: 50 }),
      ]);
    });

    it('the sandbox serves GET /os-templates without a bearer, and nothing else', async () => {
      const open = await fetch(`${h.sandbox.baseUrl}/os-templates`);
      expect(open.status).toBe(200);
      const closed = await fetch(`${h.sandbox.baseUrl}/machines`);
      expect(closed.status).toBe(401);
    });
  });
});
