import { expect } from 'vitest';
import { CONFIRMATION_META_KEY, CONFIRMATION_REQUEST } from '../../src/confirm/request.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { TOOL_TABLE } from '../../src/tools/registry/prebuilt.js';
import { type Driver, type ToolResult, textOf } from './driver.js';

/**
 * The features every client is held to, each a function of one client connection on one
 * transport. They change only what they create themselves, so they share one server.
 */

export const FEATURES = [
  'lists every tool',
  'one read per toolset',
  'confirmation: preview, confirm with the token from _meta, replay refused',
  'elicitation accept runs the gated call',
  'elicitation decline changes nothing',
  'resources read',
  'resources subscribe',
  'completion',
  'progress',
  'batch_run with a gated item',
] as const;
export type Feature = (typeof FEATURES)[number];

/** Runs one call through the driver and fails with its text when it is an error. */
async function ok(
  d: Driver,
  name: string,
  args: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const result = await d.call(name, args);
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  expect(result.structuredContent, name).toBeDefined();
  return result.structuredContent as Record<string, unknown>;
}

const unique = (what: string) =>
  `interop-${what}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const newProject = async (d: Driver) =>
  String((await ok(d, 'projects_create', { name: unique('project') })).id);
const newScript = async (d: Driver) =>
  String((await ok(d, 'startup_scripts_create', { name: unique('script'), script: 'echo hello' })).id);
const newDataset = async (d: Driver) =>
  String((await ok(d, 'datasets_create', { name: unique('dataset'), isPublic: false })).id);

function confirmationOf(result: ToolResult) {
  expect(result.isError, textOf(result)).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  return CONFIRMATION_REQUEST.parse(result._meta?.[CONFIRMATION_META_KEY]);
}

/**
 * One read of each toolset. The auth and machines reads come first: the team and machine they
 * return are what the teams and machine_accessors reads need.
 */
const FIRST_READS = { auth: ['auth_session_get', {}], machines: ['machines_list', { limit: 1 }] } as const;
const READS = (teamId: string, machineId: string): Record<string, [string, Record<string, unknown>]> => ({
  machine_accessors: ['machines_accessors_list', { id: machineId }],
  custom_templates: ['custom_templates_list', {}],
  snapshots: ['snapshots_list', {}],
  startup_scripts: ['startup_scripts_list', {}],
  public_ips: ['public_ips_list', {}],
  private_networks: ['private_networks_list', {}],
  shared_drives: ['shared_drives_list', {}],
  container_registries: ['container_registries_list', {}],
  projects: ['projects_list', {}],
  deployments: ['deployments_list', {}],
  datasets: ['datasets_list', {}],
  models: ['models_list', {}],
  storage: ['storage_providers_list', {}],
  teams: ['teams_members_list', { teamId }],
  workflows: ['costs_summary', {}],
});

/** Runs `work` over `items`, at most `limit` at a time (the Inspector spawns a process per call). */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(work));
}

async function firstId(d: Driver, list: string): Promise<string> {
  const items = (await ok(d, list, { limit: 1 })).items as Array<{ id: string }>;
  expect(items.length, `${list} is empty`).toBeGreaterThan(0);
  return String(items[0]?.id);
}

export const RUN: Record<Feature, (d: Driver) => Promise<void>> = {
  async 'lists every tool'(d) {
    const tools = await d.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(OPERATIONS.map((op) => op.name).sort());
    expect(tools.every((t) => t.outputSchema !== undefined)).toBe(true);
  },

  async 'one read per toolset'(d) {
    const [session = {}, machines = {}] = await Promise.all(
      Object.values(FIRST_READS).map(([name, args]) => ok(d, name, args)),
    );
    const teamId = String((session.team as { id: string }).id);
    const machineId = String((machines.items as Array<{ id: string }>)[0]?.id);
    const rest = READS(teamId, machineId);
    expect([...Object.keys(FIRST_READS), ...Object.keys(rest)].sort()).toEqual(
      [...TOOL_TABLE.toolsets].sort(),
    );
    await inBatches(Object.values(rest), 4, ([name, args]) => ok(d, name, args));
  },

  async 'confirmation: preview, confirm with the token from _meta, replay refused'(d) {
    const args = { id: await newScript(d), script: 'echo replaced' };
    const request = confirmationOf(await d.call('startup_scripts_update', args));
    expect(request).toMatchObject({
      tool: 'startup_scripts_update',
      target: expect.stringContaining(args.id),
    });
    await ok(d, 'startup_scripts_update', { ...args, confirm: request.token });
    const replay = await d.call('startup_scripts_update', { ...args, confirm: request.token });
    expect(replay.isError).toBe(true);
    expect(textOf(replay)).toMatch(/token was refused: it has already been used/);
  },

  async 'elicitation accept runs the gated call'(d) {
    const asking = await (d.withElicitation as NonNullable<Driver['withElicitation']>)('accept');
    try {
      const id = await newProject(asking);
      await ok(asking, 'projects_delete', { id });
      const gone = await asking.call('projects_get', { id });
      expect(gone.isError, textOf(gone)).toBe(true);
      expect(textOf(gone)).toMatch(/404/);
    } finally {
      await asking.close();
    }
  },

  async 'elicitation decline changes nothing'(d) {
    const asking = await (d.withElicitation as NonNullable<Driver['withElicitation']>)('decline');
    try {
      const id = await newProject(asking);
      const declined = await asking.call('projects_delete', { id });
      expect(declined.isError).toBe(true);
      expect(textOf(declined)).toMatch(/did not confirm projects_delete: nothing was changed/);
      expect(await ok(asking, 'projects_get', { id })).toMatchObject({ id });
    } finally {
      await asking.close();
    }
  },

  async 'resources read'(d) {
    const id = await firstId(d, 'datasets_list');
    const uri = `paperspace://datasets/${id}`;
    const contents = await (d.readResource as NonNullable<Driver['readResource']>)(uri);
    expect(contents[0]?.uri).toBe(uri);
    expect(JSON.parse(contents[0]?.text ?? '{}')).toMatchObject({ id });
  },

  async 'resources subscribe'(d) {
    const id = await newDataset(d);
    const uri = `paperspace://datasets/${id}`;
    const subscription = await (d.subscribe as NonNullable<Driver['subscribe']>)(uri);
    try {
      await ok(d, 'datasets_update', { id, description: 'changed while subscribed' });
      expect(await subscription.updated).toBe(uri);
    } finally {
      await subscription.close();
    }
  },

  async completion(d) {
    const id = await firstId(d, 'datasets_list');
    const complete = d.complete as NonNullable<Driver['complete']>;
    const values = await complete('paperspace://datasets/{datasetId}', 'datasetId', id.slice(0, 3));
    expect(values).toContain(id);
  },

  async progress(d) {
    const machines = (await ok(d, 'machines_list', { limit: 1 })).items as Array<{
      id: string;
      state: string;
    }>;
    const machine = machines[0] as { id: string; state: string };
    const run = d.callWithProgress as NonNullable<Driver['callWithProgress']>;
    const { result, progress } = await run('machines_wait', { id: machine.id, state: machine.state });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ done: true, state: machine.state });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(new RegExp(`is ${machine.state} after`));
  },

  async 'batch_run with a gated item'(d) {
    const items = [
      { id: await newScript(d), script: 'echo one' },
      { id: await newScript(d), script: 'echo two' },
    ];
    const plan = { tool: 'startup_scripts_update', items };
    const request = confirmationOf(await d.call('batch_run', plan));
    expect(request).toMatchObject({ tool: 'batch_run', target: '2 call(s) of startup_scripts_update' });
    expect(await ok(d, 'batch_run', { ...plan, confirm: request.token })).toMatchObject({ total: 2, ok: 2 });
    const replay = await d.call('batch_run', { ...plan, confirm: request.token });
    expect(replay.isError).toBe(true);
    expect(textOf(replay)).toMatch(/refused \(replayed\)/);
  },
};
