import { afterEach, describe, expect, it } from 'vitest';
import { type CallResult, type Harness, startHarness, textOf } from '../helpers/harness.js';
import { type Entity, machinesByName, SEED_CLOCK, structured } from './helpers.js';

/**
 * Waits are bounded: the id rule holds for eventId, identical waits share one poll (the API sees
 * one request per interval however many wait), and one caller's distinct waits are capped.
 */
describe('machines_wait and deployments_wait under load', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const start = async (pollIntervalsMs: number[]) => {
    h = await startHarness({
      args: ['--toolsets', 'all'],
      pollIntervalsMs,
      sandbox: { seed: true, seedClock: SEED_CLOCK, transitionMs: 0 },
    });
    return h;
  };

  /** A wait started with a progress listener: `started` resolves with its first progress. */
  function wait(harness: Harness, name: string, args: Record<string, unknown>) {
    const controller = new AbortController();
    let progressed = false;
    let first: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      first = resolve;
    });
    const result = harness.client.callTool(
      { name, arguments: { timeoutSeconds: 120, ...args } },
      {
        signal: controller.signal,
        onprogress: () => {
          progressed = true;
          first();
        },
        timeout: 600_000,
      },
    ) as Promise<CallResult>;
    // A refused or failed wait never reports progress: let `started` settle for it too.
    void result.then(first, first);
    return { controller, started, result, progressed: () => progressed };
  }

  it('machines_wait holds eventId to the id rule, naming eventId; nothing is sent', async () => {
    const harness = await start([5]);
    const { 'win-workstation': win } = await machinesByName(harness);
    harness.clearLog();
    for (const [eventId, why] of [
      ['..', /not "\." or "\.\."/],
      ['.', /not "\." or "\.\."/],
      ['ev\n1', /control character/],
      ['e'.repeat(257), /257 characters/],
    ] as const) {
      const result = await harness.call('machines_wait', { id: win?.id, eventId });
      expect(result.isError, eventId).toBe(true);
      expect(textOf(result)).toMatch(/eventId: must be an id/);
      expect(textOf(result)).toMatch(why);
    }
    expect(harness.requests()).toEqual([]);
  });

  it('200 identical waits share one poll: one request per observation, not per wait; cancelling one (the first) leaves the others waiting', async () => {
    const harness = await start([200]);
    const { 'win-workstation': win } = await machinesByName(harness);
    const path = `/machines/${win?.id}`;
    harness.clearLog();
    const waits = Array.from({ length: 200 }, () =>
      wait(harness, 'machines_wait', { id: win?.id, state: 'ready' }),
    );
    await Promise.all(waits.map((w) => w.started));
    expect(waits.every((w) => w.progressed())).toBe(true);
    const [first, ...others] = waits as [ReturnType<typeof wait>, ...ReturnType<typeof wait>[]];
    first.controller.abort('the user changed their mind');
    await expect(first.result).rejects.toThrow();
    // Someone starts the machine: every remaining wait ends with it ready.
    await harness.api.request({ method: 'PATCH', path: `${path}/start` });
    const results = await Promise.all(others.map((w) => w.result));
    for (const result of results) {
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(structured(result)).toMatchObject({ done: true, state: 'ready' });
    }
    const polls = harness.requests().filter((r) => r.method === 'GET' && r.path === path).length;
    // Every observation went to every wait that was there: the API saw each poll once.
    expect(polls).toBe(Math.max(...results.map((r) => Number(structured(r).polls))));
    expect(polls).toBeLessThan(50);
  });

  it('a poll that fails fails every wait reading it, once; the next wait polls afresh', async () => {
    const harness = await start([20]);
    harness.clearLog();
    const path = '/machines/psnothere';
    // The first look is answered late, so that the waits started with it join its poll.
    harness.sandbox.faults.push({ kind: 'delay', ms: 500, times: 1, path });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => harness.call('machines_wait', { id: 'psnothere', state: 'ready' })),
    );
    for (const result of results) expect(textOf(result)).toMatch(/^Paperspace API error 404/);
    const first = harness.requests().filter((r) => r.path === path).length;
    expect(first).toBe(1);
    await harness.call('machines_wait', { id: 'psnothere', state: 'ready' });
    expect(harness.requests().filter((r) => r.path === path)).toHaveLength(2);
  });

  it('a caller runs at most 8 distinct waits at once: a 9th is refused naming the cap, an identical one joins, and an ended one frees its place', async () => {
    const harness = await start([50]);
    const machines = await machinesByName(harness);
    const win = (machines['win-workstation'] as Entity).id;
    const train = (machines['train-a100'] as Entity).id;
    const scratch = (machines['scratch-c5'] as Entity).id;
    // Seven states the stopped machine does not reach, and one the running machine does not.
    const states = [
      'provisioning',
      'starting',
      'ready',
      'serviceready',
      'stopping',
      'restarting',
      'upgrading',
    ];
    const running = [
      ...states.map((state) => wait(harness, 'machines_wait', { id: win, state })),
      wait(harness, 'machines_wait', { id: train, state: 'upgrading' }),
    ];
    await Promise.all(running.map((w) => w.started));
    expect(running.every((w) => w.progressed())).toBe(true);
    harness.clearLog();

    const ninth = await harness.call('machines_wait', { id: scratch, state: 'ready' });
    expect(ninth.isError).toBe(true);
    expect(textOf(ninth)).toMatch(/^machines_wait refused: this caller already has 8 waits running/);
    const deployment = await harness.call('deployments_wait', { id: '00000000-0000-4000-8000-000000000000' });
    expect(textOf(deployment)).toMatch(/^deployments_wait refused: .* 8 waits/);
    expect(
      harness
        .requests()
        .filter((r) => !r.path.startsWith(`/machines/${win}`) && !r.path.startsWith(`/machines/${train}`)),
    ).toEqual([]);

    const same = wait(harness, 'machines_wait', { id: win, state: 'ready', timeoutSeconds: 30 });
    await same.started;
    expect(same.progressed()).toBe(true);
    same.controller.abort();
    await expect(same.result).rejects.toThrow();

    const [ended] = running.splice(0, 1) as [ReturnType<typeof wait>];
    ended.controller.abort();
    await expect(ended.result).rejects.toThrow();
    const another = wait(harness, 'machines_wait', { id: scratch, state: 'ready' });
    await another.started;
    expect(another.progressed()).toBe(true);
    running.push(another);
    for (const w of running) w.controller.abort();
    await Promise.all(running.map((w) => expect(w.result).rejects.toThrow()));
  });
});
