import type { Progress } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { eventTable } from '../../src/sandbox/areas/machines-common.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import { machinesByName, SEED_CLOCK, structured } from './helpers.js';

describe.each(['legacy', 'modern'] as const)('machines_wait and deployments_wait (%s era)', (era) => {
  let h: Harness;
  let open: Harness | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });
  const start = (args: string[] = ['--toolsets', 'all'], transitionMs = 150, pollIntervalsMs = [5, 10, 20]) =>
    startHarness({
      era,
      args,
      pollIntervalsMs,
      sandbox: { seed: true, seedClock: SEED_CLOCK, transitionMs },
    }).then((x) => {
      h = x;
      open = x;
      return x;
    });

  it('waits for the event a start returned and ends with the machine ready', async () => {
    await start();
    const { 'dev-rtx4000': dev } = await machinesByName(h);
    const started = structured(await h.call('machines_start', { id: dev?.id }));
    const eventId = (started.event as { id: string }).id;
    const heard: Progress[] = [];
    const result = await h.client.callTool(
      { name: 'machines_wait', arguments: { id: dev?.id, eventId } },
      { onprogress: (p) => heard.push(p) },
    );
    expect(result.isError).toBeFalsy();
    const out = structured(result as never);
    expect(out).toMatchObject({ done: true, state: 'done', machine: { id: dev?.id, state: 'ready' } });
    expect(heard.length).toBe(out.polls);
    expect(heard[0]?.message).toMatch(
      new RegExp(`^event ${eventId} is (new|in progress|done) after [\\d.]+ s$`),
    );
  });

  it('polls until the state is reached, one progress notification per poll, counting up', async () => {
    await start(['--toolsets', 'all'], 0);
    const { 'win-workstation': win } = await machinesByName(h);
    const heard: Progress[] = [];
    const result = await h.client.callTool(
      { name: 'machines_wait', arguments: { id: win?.id } },
      {
        onprogress: (p) => {
          heard.push(p);
          // Someone starts the machine once the wait has seen it off.
          if (heard.length === 1) void h.api.request({ method: 'PATCH', path: `/machines/${win?.id}/start` });
        },
      },
    );
    const out = structured(result as never);
    expect(out).toMatchObject({ done: true, state: 'ready' });
    expect(out.polls).toBeGreaterThan(1);
    expect(heard.map((p) => p.progress)).toEqual(heard.map((_, i) => i + 1));
    expect(heard[0]?.message).toMatch(/^machine ps\w+ is off after [\d.]+ s$/);
    expect(heard.at(-1)?.message).toMatch(/^machine ps\w+ is ready after [\d.]+ s$/);
  });

  it('waits for a machine state without an event, and a caller without a progressToken hears nothing', async () => {
    await start();
    const { 'train-a100': train } = await machinesByName(h);
    const notifications: string[] = [];
    h.client.fallbackNotificationHandler = async (n) => {
      notifications.push(n.method);
    };
    // Stopped straight through the API (machines_stop would ask for confirmation first).
    await h.api.request({ method: 'PATCH', path: `/machines/${train?.id}/stop` });
    const result = await h.call('machines_wait', { id: train?.id, state: 'off' });
    expect(structured(result)).toMatchObject({ done: true, state: 'off', machine: { state: 'off' } });
    expect(notifications).not.toContain('notifications/progress');
  });

  it('fails fast with the event error when the event fails', async () => {
    await start();
    const { 'train-a100': train } = await machinesByName(h);
    const id = 'evfailed01';
    eventTable(h.sandbox.store).set(id, {
      id,
      name: 'restart',
      state: 'error',
      machineId: String(train?.id),
      dtCreated: new Date().toISOString(),
      dtStarted: null,
      dtFinished: null,
      error: 'Host ny2-gpu-17 is out of capacity',
    });
    const result = await h.call('machines_wait', { id: train?.id, eventId: id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /Machine event evfailed01 \(restart\) failed; the API said: "Host ny2-gpu-17 is out of capacity"\./,
    );
  });

  it('on time-out returns done:false (not an error) telling the agent to call again; the cap bounds timeoutSeconds', async () => {
    await start(['--toolsets', 'all', '--max-wait-seconds', '1']);
    const { 'win-workstation': win } = await machinesByName(h);
    const result = await h.call('machines_wait', { id: win?.id, state: 'ready', timeoutSeconds: 50 });
    expect(result.isError).toBeFalsy();
    const out = structured(result);
    expect(out).toMatchObject({ done: false, state: 'off' });
    expect(out.elapsedSeconds).toBeGreaterThanOrEqual(1);
    expect(out.elapsedSeconds).toBeLessThan(50);
    expect(textOf(result)).toMatch(/call machines_wait again with the same arguments/);
  });

  it('stops polling at once when the caller cancels', async () => {
    // Polling every millisecond: a wait that kept going would show many more requests below.
    await start(['--toolsets', 'all'], 0, [1]);
    const { 'win-workstation': win } = await machinesByName(h);
    const path = `/machines/${win?.id}`;
    const controller = new AbortController();
    let polls = 0;
    const pending = h.client.callTool(
      { name: 'machines_wait', arguments: { id: win?.id, state: 'ready', timeoutSeconds: 60 } },
      {
        signal: controller.signal,
        onprogress: () => {
          polls += 1;
          if (polls === 2) controller.abort('the user changed their mind');
        },
      },
    );
    await expect(pending).rejects.toThrow();
    const seenAtAbort = h.sandbox.log.filter((r) => r.path === path).length;
    // A call the sandbox answers slowly: a wait still polling every millisecond would show up meanwhile.
    h.sandbox.faults.push({ kind: 'delay', ms: 100, times: 1, path: '/auth/session' });
    await h.call('auth_session_get');
    const seenLater = h.sandbox.log.filter((r) => r.path === path).length;
    expect(seenLater - seenAtAbort).toBeLessThanOrEqual(1);
  });

  it('deployments_wait waits until the latest run has its replicas ready', async () => {
    await start();
    const list = await h.api.request<{ items: { id: string; name: string }[] }>({
      method: 'GET',
      path: '/deployments',
    });
    const sd = list.items.find((d) => d.name === 'stable-diffusion-api');
    const result = await h.call('deployments_wait', { id: sd?.id });
    expect(structured(result)).toMatchObject({ done: true, state: '2/2 replicas ready' });
  });

  it('deployments_wait fails with what a failed instance reports', async () => {
    await start();
    const list = await h.api.request<{ items: { id: string; name: string }[] }>({
      method: 'GET',
      path: '/deployments',
    });
    const resnet = list.items.find((d) => d.name === 'resnet-inference');
    for (const run of h.sandbox.store.table('deploymentRuns').values()) {
      if (run.deploymentId !== resnet?.id) continue;
      const [instance] = run.instances as Record<string, unknown>[];
      Object.assign(instance ?? {}, { state: 'failed', stateMessage: 'image not found' });
    }
    const result = await h.call('deployments_wait', { id: resnet?.id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/is failed; the API said: "image not found"\./);
  });
});
