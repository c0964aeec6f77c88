import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { type CallResult, type Harness, startHarness } from '../helpers/harness.js';
import { DAY_MS, type Entity, SEED_CLOCK, structured, tokenIn } from './helpers.js';

/**
 * The three tasks people give an agent, each driven through the real SDK client against the
 * seeded sandbox, counting the tool calls it takes (at most 3 each).
 */
describe('common tasks in at most 3 tool calls', () => {
  let h: Harness;
  let calls: string[];
  afterEach(() => h?.close());
  const start = async () => {
    h = await startHarness({ args: [], sandbox: { seed: true, seedClock: SEED_CLOCK, transitionMs: 50 } });
    calls = [];
  };
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<CallResult> => {
    calls.push(name);
    return h.call(name, args);
  };

  it('"Start my GPU machine and tell me when it is ready": list, start, wait', async () => {
    await start();
    const stopped = structured(await call('machines_list', { state: 'off', machineType: 'RTX4000' }));
    const gpu = (stopped.items as Entity[])[0];
    const started = structured(await call('machines_start', { id: gpu?.id }));
    const waited = structured(
      await call('machines_wait', { id: gpu?.id, eventId: (started.event as Entity).id }),
    );
    expect(waited).toMatchObject({ done: true, machine: { name: 'dev-rtx4000', state: 'ready' } });
    expect(calls).toEqual(['machines_list', 'machines_start', 'machines_wait']);
  });

  it('"What are we spending?": one call', async () => {
    await start();
    const summary = structured(await call('costs_summary'));
    expect(summary.totals).toMatchObject({ usdPerHourNow: 3.39, usdPer30DaysProjected: 2515.8 });
    expect(calls).toEqual(['costs_summary']);
  });

  it('"Clean up the stopped machines older than a week": filter, preview, confirm', async () => {
    await start();
    const weekAgo = new Date(SEED_CLOCK - 7 * DAY_MS).toISOString();
    const old = structured(await call('machines_list', { stoppedBefore: weekAgo }));
    const items = (old.items as Entity[]).map((m) => ({ id: m.id }));
    expect((old.items as Entity[]).map((m) => m.name).sort()).toEqual(['dev-rtx4000', 'win-workstation']);
    const preview = await call('batch_run', { tool: 'machines_delete', items });
    const done = await call('batch_run', {
      tool: 'machines_delete',
      items,
      confirm: tokenIn(preview.content[0]?.text ?? ''),
    });
    expect(structured(done)).toMatchObject({ ok: 2, total: 2 });
    const left = structured(await h.call('machines_list')).items as Entity[];
    expect(left.map((m) => m.name).sort()).toEqual(['api-c7', 'scratch-c5', 'train-a100']);
    expect(calls).toEqual(['machines_list', 'batch_run', 'batch_run']);
  });
});

describe('machines_list filters', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('stoppedBefore uses dtModified when it settles the question, and the stop event when the machine was modified since', async () => {
    h = await startHarness({ sandbox: { seed: true, seedClock: SEED_CLOCK, transitionMs: 0 } });
    const weekAgo = new Date(SEED_CLOCK - 7 * DAY_MS).toISOString();
    const before = structured(await h.call('machines_list', { name: 'dev' })).items as Entity[];
    // Renamed today: dtModified is recent, but it stopped 10 days ago (its stop event says so).
    await h.api.request({
      method: 'PUT',
      path: `/machines/${before[0]?.id}`,
      body: { name: 'dev-rtx4000-renamed' },
    });
    h.clearLog();
    const result = structured(await h.call('machines_list', { stoppedBefore: weekAgo, limit: 5 }));
    expect((result.items as Entity[]).map((m) => m.name).sort()).toEqual([
      'dev-rtx4000-renamed',
      'win-workstation',
    ]);
    // One event lookup each for the renamed machine and scratch-c5 (stopped 2 days ago); none for win-workstation.
    const { 'scratch-c5': scratch } = Object.fromEntries(
      [...h.sandbox.store.table('machines').values()].map((m) => [m.name, m]),
    );
    const paths = h.requests().map((r) => `${r.path} ${r.query.machineId ?? ''}`.trim());
    expect(paths.sort()).toEqual(
      [`/machine-events ${before[0]?.id}`, `/machine-events ${scratch?.id}`, '/machines'].sort(),
    );
    expect(result.hasMore).toBe(false);
  });

  it('createdBefore and state filter across pages, and hasMore tells whether machines remain unexamined', async () => {
    h = await startHarness({ sandbox: { seed: true, seedClock: SEED_CLOCK, transitionMs: 0 } });
    const twoWeeks = new Date(SEED_CLOCK - 14 * DAY_MS).toISOString();
    const old = structured(
      await h.call('machines_list', { createdBefore: twoWeeks, orderBy: 'name', order: 'asc' }),
    );
    expect((old.items as Entity[]).map((m) => m.name)).toEqual([
      'dev-rtx4000',
      'train-a100',
      'win-workstation',
    ]);
    const running = structured(await h.call('machines_list', { state: 'ready' }));
    expect((running.items as Entity[]).map((m) => m.name).sort()).toEqual(['api-c7', 'train-a100']);
    expect(running).toMatchObject({ hasMore: false, nextPage: null });
  });
});

describe('sandbox seeds', () => {
  const boxes: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(boxes.splice(0).map((b) => b.close()));
  });
  const snapshot = (box: Sandbox) =>
    ['machines', 'machineEvents', 'datasets', 'datasetVersions'].map((t) =>
      [...box.store.table(t).values()].map((r) => [r.id, r.name ?? r.version, r.dtCreated, r.dtModified]),
    );

  it('are the same on every start: fixed ids and timestamps spread over the past weeks', async () => {
    boxes.push(
      await startSandbox({ seed: true, seedClock: SEED_CLOCK }),
      await startSandbox({ seed: true, seedClock: SEED_CLOCK }),
    );
    const [a, b] = boxes as [Sandbox, Sandbox];
    expect(snapshot(a)).toEqual(snapshot(b));
    const created = [...a.store.table('machines').values(), ...a.store.table('datasets').values()].map((r) =>
      Date.parse(String(r.dtCreated)),
    );
    expect(Math.min(...created)).toBeLessThan(SEED_CLOCK - 21 * DAY_MS);
    expect(Math.max(...created)).toBeLessThanOrEqual(SEED_CLOCK);
    expect(new Set(created).size).toBe(created.length);
  });

  it('ids stay stable across starts on different days; new objects get fresh random ids', async () => {
    boxes.push(await startSandbox({ seed: true, seedClock: SEED_CLOCK }), await startSandbox({ seed: true }));
    const [a, b] = boxes as [Sandbox, Sandbox];
    const ids = (box: Sandbox) => [
      ...box.store.table('machines').keys(),
      ...box.store.table('datasets').keys(),
    ];
    expect(ids(a)).toEqual(ids(b));
    expect(a.store.id('ps')).not.toEqual(b.store.id('ps'));
  });
});
