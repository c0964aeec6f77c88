import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import { machinesByName, SEED_CLOCK, structured } from './helpers.js';

const MACHINE = { templateId: 't0nspur5', region: 'ny2', diskSize: 50, name: 'new-box' };

describe('costs', () => {
  let h: Harness;
  let open: Harness | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });
  const start = async (args: string[] = [], env: Record<string, string> = {}) => {
    h = await startHarness({
      args: ['--toolsets', 'all', ...args],
      env,
      sandbox: { seed: true, seedClock: SEED_CLOCK, transitionMs: 0 },
    });
    open = h;
    return h;
  };
  const mutations = () => h.requests().filter((r) => r.method !== 'GET');

  it('costs_summary adds up every machine: burn per hour, day and 30 days, and what costs money while idle', async () => {
    await start();
    const result = await h.call('costs_summary');
    const out = structured(result);
    // Running: train-a100 (A100, $3.09/h) and api-c7 (C7, $0.30/h). Disks: 500 + 100 + 3 × 50 GB at $0.10/GB-month.
    expect(out.totals).toEqual({
      machines: 5,
      running: 2,
      usdPerHourNow: 3.39,
      usdPerMonthStorage: 75,
      usdPerDayProjected: 83.86,
      usdPer30DaysProjected: 2515.8,
    });
    expect(out.complete).toBe(true);
    expect(out.units).toMatch(/usdPerHour while running.*usdPerMonthStorage charged running or not/);
    const idle = (out.idleCosts as { name: string; why: string }[]).map((i) => `${i.name}: ${i.why}`);
    expect(idle).toEqual(
      expect.arrayContaining([
        'dev-rtx4000: off; its disk costs $10.00/month',
        'win-workstation: off; its disk costs $5.00/month',
        'scratch-c5: off; its disk costs $5.00/month',
        'api-c7: ready without auto-shutdown: $0.30/h until stopped',
      ]),
    );
    expect(idle).toHaveLength(4);
    expect(textOf(result)).toMatch(
      /2 of 5 machines running: \$3.39\/h now; storage \$75.00\/month; projected \$83.86\/day, \$2,515.80 per 30 days\./,
    );
  });

  it('a confirmation preview shows the storage rate per month and the usage rate per hour', async () => {
    await start();
    const { 'train-a100': train } = await machinesByName(h);
    const preview = textOf(await h.call('machines_stop', { id: train?.id }));
    expect(preview).toMatch(/usage rate \$3.09\/h; storage rate \$50.00\/month/);
  });

  it('a machines_update preview states the cost now and after a new type or disk', async () => {
    await start();
    const { 'api-c7': api } = await machinesByName(h);
    const preview = textOf(
      await h.call('machines_update', { id: api?.id, machineType: 'A100', diskSize: 100 }),
    );
    expect(preview).toMatch(
      /\nNow: \$0.30\/h while running, storage \$5.00\/month, about \$221.00 per 30 days if always on\.\n/,
    );
    expect(preview).toMatch(/\nNew type A100: \$3.09\/h while running \(as machine ps\w+ is charged\)\.\n/);
    expect(preview).toMatch(/\nNew disk 100 GB: storage about \$10.00\/month\.\n/);
  });

  it('machines_create and machines_start results state the hourly and monthly cost', async () => {
    await start();
    const created = await h.call('machines_create', { ...MACHINE, machineType: 'C4' });
    expect(structured(created).cost).toEqual({
      usdPerHourRunning: 0.04,
      usdPerMonthStorage: 5,
      usdPer30DaysAlwaysOn: 33.8,
    });
    expect(textOf(created)).toMatch(
      /Cost: \$0.04\/h while running, storage \$5.00\/month, about \$33.80 per 30 days if always on\./,
    );
    const { 'dev-rtx4000': dev } = await machinesByName(h);
    const started = await h.call('machines_start', { id: dev?.id });
    expect(textOf(started)).toMatch(/Cost: \$0.56\/h while running, storage \$10.00\/month/);
  });

  it('--max-hourly-spend refuses a start that would go over the cap before anything is sent, with the numbers', async () => {
    await start(['--max-hourly-spend', '4']);
    const { 'dev-rtx4000': dev, 'win-workstation': win } = await machinesByName(h);
    expect((await h.call('machines_start', { id: dev?.id })).isError).toBeFalsy(); // 3.39 + 0.56 = 3.95
    h.clearLog();
    const refused = await h.call('machines_start', { id: win?.id }); // 3.95 + 0.08 = 4.03
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe(
      'machines_start refused: the server caps the running burn rate at $4.00/h (--max-hourly-spend) and the machines running now burn $3.95/h; this would make it $4.03/h. Nothing was sent.',
    );
    expect(mutations()).toEqual([]);
  });

  it('two capped calls made at once are checked one after the other: only one of them fits', async () => {
    await start(['--max-hourly-spend', '4']);
    const { 'dev-rtx4000': dev, 'win-workstation': win } = await machinesByName(h);
    h.clearLog();
    // Alone each fits (3.39 + 0.56, 3.39 + 0.08); together they make 4.03.
    const results = await Promise.all([
      h.call('machines_start', { id: dev?.id }),
      h.call('machines_start', { id: win?.id }),
    ]);
    expect(results.filter((r) => r.isError).map(textOf)).toEqual([
      expect.stringMatching(/this would make it \$4.03\/h/),
    ]);
    expect(mutations()).toHaveLength(1);
  });

  it('the cap refuses a type change of a running machine that goes over it, and takes the rate from a machine of that type', async () => {
    await start(['--max-hourly-spend', '5']);
    const { 'api-c7': api } = await machinesByName(h);
    h.clearLog();
    const refused = await h.call('machines_update', { id: api?.id, machineType: 'A100' }); // 3.39 - 0.30 + 3.09
    expect(textOf(refused)).toMatch(/burn \$3.39\/h; this would make it \$6.18\/h\. Nothing was sent\./);
    expect(mutations()).toEqual([]);
  });

  it('with a cap, a machine type of unknown rate is refused; the --rates file makes it known', async () => {
    await start([], { PAPERSPACE_MCP_MAX_HOURLY_SPEND: '10' });
    h.clearLog();
    const unknown = await h.call('machines_create', { ...MACHINE, machineType: 'A6000' });
    expect(textOf(unknown)).toMatch(/hourly rate of machine type A6000 is unknown .* Nothing was sent\./);
    expect(mutations()).toEqual([]);
    await h.close();
    open = undefined;

    const dir = mkdtempSync(join(tmpdir(), 'rates-'));
    const file = join(dir, 'rates.json');
    writeFileSync(file, JSON.stringify({ A6000: 7.5 }));
    await start(['--rates', file], { PAPERSPACE_MCP_MAX_HOURLY_SPEND: '10' });
    const over = await h.call('machines_create', { ...MACHINE, machineType: 'A6000' }); // 3.39 + 7.5
    expect(textOf(over)).toMatch(/this would make it \$10.89\/h/);
    const off = await h.call('machines_create', { ...MACHINE, machineType: 'A6000', startOnCreate: false });
    expect(off.isError).toBeFalsy();
  });

  it('a bad --rates file fails at start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rates-'));
    const file = join(dir, 'rates.json');
    writeFileSync(file, JSON.stringify({ A6000: 'cheap' }));
    expect(() => loadConfig(['--rates', file], {})).toThrow(
      /--rates: .* must map machine types to positive USD-per-hour numbers/,
    );
    expect(() => loadConfig(['--max-hourly-spend', '0'], {})).toThrow(/maxHourlySpend/);
  });

  it('--default-auto-shutdown-hours gives machines_create an auto-shutdown when the call sets none, and says so', async () => {
    await start(['--default-auto-shutdown-hours', '4']);
    h.clearLog();
    const result = await h.call('machines_create', { ...MACHINE, machineType: 'C4' });
    expect(h.requests().find((r) => r.method === 'POST')?.body).toMatchObject({
      autoShutdownEnabled: true,
      autoShutdownTimeout: 4,
    });
    expect(textOf(result)).toMatch(/Auto-shutdown was set to 4 idle hour\(s\) by the server's default/);
    h.clearLog();
    await h.call('machines_create', { ...MACHINE, machineType: 'C4', autoShutdownEnabled: false });
    expect(h.requests().find((r) => r.method === 'POST')?.body).toMatchObject({ autoShutdownEnabled: false });
    expect(h.requests().find((r) => r.method === 'POST')?.body).not.toHaveProperty('autoShutdownTimeout');
  });
});
