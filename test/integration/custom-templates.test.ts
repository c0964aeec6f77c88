import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import {
  ALL_TOOLS,
  createMachine,
  expectOnlyRequest,
  MACHINE_ARGS,
  type Obj,
  ok,
} from './machines-helpers.js';

describe('custom templates tools against the sandbox', () => {
  let h: Harness;
  let machine: Obj;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ALL_TOOLS });
    machine = await createMachine(h, 'golden-image', { diskSize: 100 });
  });
  afterAll(() => h.close());

  const createTemplate = async (name: string, machineId = machine.id) =>
    (await ok(h, 'custom_templates_create', { name, machineId })) as { event: Obj; data: Obj };

  it('custom_templates_create makes a template from a machine and answers {event, data}', async () => {
    h.clearLog();
    const created = await createTemplate('ml-base-cuda12');
    expectOnlyRequest(h, 'POST', '/custom-templates', {}, { name: 'ml-base-cuda12', machineId: machine.id });
    expect(created.data).toMatchObject({
      name: 'ml-base-cuda12',
      parentMachineId: machine.id,
      region: 'ny2',
      agentType: 'LinuxMachine',
      operatingSystemLabel: 'Ubuntu 22.04',
      defaultSizeGb: 100,
      dtDeleted: null,
    });
    expect(created.data.availableMachineTypes).toContainEqual({ machineTypeLabel: 'C5', isAvailable: true });
    expect(created.event).toMatchObject({ name: 'template-create', state: 'new', machineId: machine.id });
    const event = await ok(h, 'machine_events_get', { id: created.event.id });
    expect(event.state).toBe('done');
  });

  it('custom_templates_create needs an existing machine', async () => {
    const result = await h.call('custom_templates_create', { name: 'orphan', machineId: 'psmissing' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });

  it('a custom template can be used as templateId in machines_create', async () => {
    const { data } = await createTemplate('clone-source');
    const clone = await ok(h, 'machines_create', {
      name: 'clone',
      ...MACHINE_ARGS,
      templateId: data.id,
      diskSize: 100,
    });
    expect(clone.data).toMatchObject({ os: 'Ubuntu 22.04', state: 'provisioning' });
    const tooSmall = await h.call('machines_create', { name: 'clone', ...MACHINE_ARGS, templateId: data.id });
    expect(textOf(tooSmall)).toContain('400');
  });

  it('custom_templates_list filters by name and machineId and pages', async () => {
    const other = await createMachine(h, 'other-box');
    await createTemplate('other-template', other.id as string);
    h.clearLog();
    const byMachine = await ok(h, 'custom_templates_list', { machineId: other.id });
    expectOnlyRequest(h, 'GET', '/custom-templates', { machineId: String(other.id) });
    expect((byMachine.items as Obj[]).map((t) => t.name)).toEqual(['other-template']);
    const byName = await ok(h, 'custom_templates_list', { name: 'ml-base' });
    expect((byName.items as Obj[]).map((t) => t.name)).toEqual(['ml-base-cuda12']);
    const first = await ok(h, 'custom_templates_list', { limit: 2, orderBy: 'name', order: 'asc' });
    expect((first.items as Obj[]).map((t) => t.name)).toEqual(['clone-source', 'ml-base-cuda12']);
    expect(first.hasMore).toBe(true);
    const rest = await ok(h, 'custom_templates_list', {
      limit: 2,
      orderBy: 'name',
      order: 'asc',
      after: first.nextPage,
    });
    expect((rest.items as Obj[]).map((t) => t.name)).toEqual(['other-template']);
    expect(rest.hasMore).toBe(false);
  });

  it('custom_templates_get returns one template; unknown ids are 404', async () => {
    const { data } = await createTemplate('get-me');
    h.clearLog();
    const template = await ok(h, 'custom_templates_get', { id: data.id });
    expectOnlyRequest(h, 'GET', `/custom-templates/${data.id}`);
    expect(template).toMatchObject({ id: data.id, name: 'get-me', parentMachineId: machine.id });
    expect(textOf(await h.call('custom_templates_get', { id: 'tmissing' }))).toContain('404');
  });

  it('custom_templates_update renames', async () => {
    const { data } = await createTemplate('old-name');
    h.clearLog();
    const updated = await ok(h, 'custom_templates_update', { id: data.id, name: 'new-name' });
    expectOnlyRequest(h, 'PUT', `/custom-templates/${data.id}`, {}, { name: 'new-name' });
    expect(updated).toMatchObject({ id: data.id, name: 'new-name' });
    expect((await ok(h, 'custom_templates_get', { id: data.id })).name).toBe('new-name');
  });

  it('custom_templates_delete returns the template with dtDeleted and removes it', async () => {
    const { data } = await createTemplate('doomed');
    h.clearLog();
    const deleted = await ok(h, 'custom_templates_delete', { id: data.id });
    expectOnlyRequest(h, 'DELETE', `/custom-templates/${data.id}`);
    expect(deleted).toMatchObject({ id: data.id, name: 'doomed' });
    expect(typeof deleted.dtDeleted).toBe('string');
    expect(textOf(await h.call('custom_templates_get', { id: data.id }))).toContain('404');
    const list = await ok(h, 'custom_templates_list', { name: 'doomed' });
    expect(list.items).toEqual([]);
  });
});
