import type { Progress } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { confirmationRequestOf, type Harness, startHarness, textOf } from '../helpers/harness.js';
import { type Entity, machinesByName, SEED_CLOCK, structured, tokenIn } from './helpers.js';

describe('batch_run', () => {
  let h: Harness;
  let open: Harness | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });
  const start = async (
    args: string[] = ['--toolsets', 'all'],
    elicit?: 'accept' | 'decline',
    era?: 'legacy' | 'modern',
  ) => {
    h = await startHarness({
      args,
      elicit,
      era,
      sandbox: { seed: true, seedClock: SEED_CLOCK, transitionMs: 0 },
    });
    open = h;
    return h;
  };
  const mutations = () => h.requests().filter((r) => r.method !== 'GET');
  /** The two machines stopped more than a week ago. */
  const oldOff = async () => {
    const m = await machinesByName(h);
    return [m['dev-rtx4000'], m['win-workstation']] as Entity[];
  };

  it('validates every item first: one bad item means nothing is sent', async () => {
    await start();
    const [dev] = await oldOff();
    h.clearLog();
    const result = await h.call('batch_run', {
      tool: 'machines_update',
      items: [{ id: dev?.id, name: 'ok' }, { id: dev?.id, diskSize: 'big' }, { name: 'no id' }],
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^batch_run: 2 invalid item\(s\), nothing was sent\. item 2: diskSize .*item 3: id /,
    );
    expect(h.requests()).toEqual([]);
  });

  it('reaches only tools the server exposes: excluded tools, read-only mode and other toolsets stay out of reach', async () => {
    await start(['--toolsets', 'machines,workflows', '--exclude-tools', 'machines_delete']);
    const [dev] = await oldOff();
    h.clearLog();
    for (const tool of ['machines_delete', 'datasets_delete', 'batch_run', 'nope']) {
      const result = await h.call('batch_run', { tool, items: [{ id: dev?.id }] });
      expect(textOf(result)).toMatch(new RegExp(`^batch_run: ${tool} is not a tool this server exposes`));
    }
    expect(mutations()).toEqual([]);
    await h.close();
    await start(['--toolsets', 'machines,workflows', '--read-only']);
    const { tools } = await h.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('batch_run');
  });

  it('a gated tool: one preview naming every target, one token for the plan; the confirmed call runs every item', async () => {
    await start();
    const [dev, win] = await oldOff();
    const items = [{ id: dev?.id }, { id: win?.id }];
    h.clearLog();
    const preview = await h.call('batch_run', { tool: 'machines_delete', items });
    const text = textOf(preview);
    expect(preview.isError).toBe(true);
    expect(text).toMatch(
      /Delete machine \(machines_delete\), 2 call\(s\), in this order:\n1\. "dev-rtx4000" \(ps\w+; off;.*\n2\. "win-workstation"/,
    );
    expect(mutations()).toEqual([]);
    expect(preview.structuredContent).toBeUndefined();
    expect(confirmationRequestOf(preview)).toMatchObject({
      tool: 'batch_run',
      target: '2 call(s) of machines_delete',
      consequences: [
        'Deletes the machine and its disk.',
        expect.stringMatching(/^1\. "dev-rtx4000"/),
        expect.stringMatching(/^2\. "win-workstation"/),
      ],
      token: tokenIn(text),
    });
    const done = await h.call('batch_run', { tool: 'machines_delete', items, confirm: tokenIn(text) });
    expect(structured(done)).toMatchObject({ total: 2, ok: 2, error: 0, skipped: 0, notRun: 0 });
    expect(mutations().map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /machines/${dev?.id}`,
      `DELETE /machines/${win?.id}`,
    ]);
  });

  it('fails closed: an item whose conditional rule cannot be decided (IP not found) makes the batch ask', async () => {
    await start();
    const [dev] = await oldOff();
    h.clearLog();
    const items = [{ ip: '203.0.113.250', machineId: dev?.id }];
    const preview = await h.call('batch_run', { tool: 'public_ips_assign', items });
    expect(preview.isError).toBe(true);
    expect(textOf(preview)).toMatch(/^Confirmation required: nothing was changed yet\./);
    expect(textOf(preview)).toMatch(/1\. \{"ip":"203\.0\.113\.250".*\(not verified: not found\)/);
    expect(mutations()).toEqual([]);
    // Harmless by its arguments alone (a rename): no question, no fetch of the rule's target.
    const renamed = await h.call('batch_run', {
      tool: 'machines_update',
      items: [{ id: dev?.id, name: 'renamed' }],
    });
    expect(structured(renamed)).toMatchObject({ total: 1, ok: 1 });
  });

  it('a batch that needed no confirmation decides each item again: an earlier item cannot make a later one take an address', async () => {
    await start();
    const m = await machinesByName(h);
    const [api, scratch] = [m['api-c7'], m['scratch-c5']]; // both in ny2
    const ip = (await h.api.request<Entity>({ method: 'POST', path: '/public-ips', body: { region: 'ny2' } }))
      .ip as string;
    // Both harmless when planned (the address is free); the first gives it to api-c7, so the second would take it away.
    const items = [
      { ip, machineId: api?.id },
      { ip, machineId: scratch?.id },
    ];
    h.clearLog();
    const done = structured(await h.call('batch_run', { tool: 'public_ips_assign', items }));
    expect(done).toMatchObject({ ok: 1, skipped: 1 });
    expect((done.items as Entity[])[1]).toMatchObject({
      status: 'skipped',
      error: expect.stringMatching(/confirmation/),
    });
    expect(mutations().map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /public-ips/${ip}`]);
  });

  it('the plan token is bound: a tampered item, a replay, a single call and a single token are all refused', async () => {
    await start();
    const [dev, win] = await oldOff();
    const scratch = (await machinesByName(h))['scratch-c5'];
    const items = [{ id: dev?.id }, { id: win?.id }];
    const token = tokenIn(textOf(await h.call('batch_run', { tool: 'machines_delete', items })));
    h.clearLog();
    const tampered = await h.call('batch_run', {
      tool: 'machines_delete',
      items: [items[0], { id: scratch?.id }],
      confirm: token,
    });
    expect(textOf(tampered)).toMatch(/confirmation token was refused \(args\)/);
    const single = await h.call('machines_delete', { id: dev?.id, confirm: token });
    expect(textOf(single)).toMatch(/issued for another tool/);
    expect(mutations()).toEqual([]);

    const singleToken = tokenIn(textOf(await h.call('machines_delete', { id: dev?.id })));
    const viaBatch = await h.call('batch_run', {
      tool: 'machines_delete',
      items: [{ id: dev?.id }],
      confirm: singleToken,
    });
    expect(textOf(viaBatch)).toMatch(/confirmation token was refused \(tool\)/);
    expect(mutations()).toEqual([]);

    expect(structured(await h.call('batch_run', { tool: 'machines_delete', items, confirm: token })).ok).toBe(
      2,
    );
    h.clearLog();
    const replay = await h.call('batch_run', { tool: 'machines_delete', items, confirm: token });
    expect(replay.isError).toBe(true);
    expect(mutations()).toEqual([]);
  });

  it('a target that changed between preview and execution is skipped and reported; the others run', async () => {
    await start();
    const [dev, win] = await oldOff();
    const items = [{ id: dev?.id }, { id: win?.id }];
    const token = tokenIn(textOf(await h.call('batch_run', { tool: 'machines_delete', items })));
    await h.api.request({ method: 'PATCH', path: `/machines/${win?.id}/start` }); // someone starts it meanwhile
    h.clearLog();
    const done = structured(await h.call('batch_run', { tool: 'machines_delete', items, confirm: token }));
    expect(done).toMatchObject({ ok: 1, skipped: 1 });
    expect((done.items as Entity[])[1]).toMatchObject({
      index: 2,
      status: 'skipped',
      error: expect.stringMatching(/changed/),
    });
    expect(mutations().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /machines/${dev?.id}`]);
  });

  it.each(['legacy', 'modern'] as const)(
    'a client that can elicit is asked once for the whole plan (%s era)',
    async (era) => {
      await start(['--toolsets', 'all'], 'accept', era);
      const [dev, win] = await oldOff();
      const result = await h.call('batch_run', {
        tool: 'machines_stop',
        items: [{ id: dev?.id }, { id: win?.id }],
      });
      expect(h.elicitations).toHaveLength(1);
      expect(h.elicitations[0]).toMatch(/"dev-rtx4000".*\n2\. "win-workstation"[\s\S]*Proceed\?$/);
      expect(structured(result)).toMatchObject({ ok: 2 });
    },
  );

  it('onError stop leaves the rest not run; continue runs them; progress is sent per item', async () => {
    await start();
    const [dev, win] = await oldOff();
    const items = [{ id: dev?.id }, { id: 'psmissing1' }, { id: win?.id }];
    const heard: Progress[] = [];
    const stopped = await h.client.callTool(
      { name: 'batch_run', arguments: { tool: 'machines_get', items } },
      { onprogress: (p) => heard.push(p) },
    );
    expect((structured(stopped as never).items as Entity[]).map((i) => i.status)).toEqual([
      'ok',
      'error',
      'not run',
    ]);
    expect(heard.map((p) => [p.progress, p.total, p.message])).toEqual([
      [1, 3, 'item 1 of 3: ok'],
      [2, 3, 'item 2 of 3: error'],
    ]);
    const continued = await h.call('batch_run', {
      tool: 'machines_get',
      items,
      onError: 'continue',
      concurrency: 3,
    });
    expect((structured(continued).items as Entity[]).map((i) => i.status)).toEqual(['ok', 'error', 'ok']);
  });

  it.each(['legacy', 'modern'] as const)('cancellation stops before the next item (%s era)', async (era) => {
    await start(['--toolsets', 'all'], undefined, era);
    const [dev, win] = await oldOff();
    const scratch = (await machinesByName(h))['scratch-c5'];
    // Item 2 is answered slowly, so the cancellation arrives while it runs.
    h.sandbox.faults.push({ kind: 'delay', ms: 300, times: 1, path: `/machines/${win?.id}` });
    const controller = new AbortController();
    const pending = h.client.callTool(
      {
        name: 'batch_run',
        arguments: { tool: 'machines_get', items: [{ id: dev?.id }, { id: win?.id }, { id: scratch?.id }] },
      },
      { signal: controller.signal, onprogress: () => controller.abort('stop') },
    );
    await expect(pending).rejects.toThrow();
    // The slow answer arrives after the cancellation; a batch that went on would then fetch item 3.
    h.sandbox.faults.push({ kind: 'delay', ms: 400, times: 1, path: '/auth/session' });
    await h.call('auth_session_get');
    expect(h.sandbox.log.filter((r) => r.path === `/machines/${scratch?.id}`)).toEqual([]);
  });

  it('the spend cap applies to each item as if it were called alone', async () => {
    await start(['--toolsets', 'all', '--max-hourly-spend', '4']);
    const [dev, win] = await oldOff();
    const result = await h.call('batch_run', {
      tool: 'machines_start',
      items: [{ id: dev?.id }, { id: win?.id }],
      onError: 'continue',
      concurrency: 2,
    });
    const items = structured(result).items as Entity[];
    expect(items.map((i) => i.status)).toEqual(['ok', 'error']);
    expect(items[1]?.error).toMatch(/refused: .* this would make it \$4.03\/h\. Nothing was sent\./);
    expect(h.sandbox.log.filter((r) => r.path === `/machines/${win?.id}/start`)).toEqual([]);
  });
});
