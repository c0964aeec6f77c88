import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Api, deploymentSpec, MACHINE } from '../helpers/gated-fixtures.js';
import { confirmTokenIn, type Harness, startHarness, textOf } from '../helpers/harness.js';
import { SEED_CLOCK, structured } from './helpers.js';

/** A --rates file: USD per hour by type. */
function ratesFile(rates: Record<string, number>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'rates-')), 'rates.json');
  writeFileSync(file, JSON.stringify(rates));
  return file;
}

const spec = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'latest',
  name: 'priced',
  image: 'paperspace/deployment-fastapi:latest',
  resources: { machineType: 'A100', ports: [8000], ...resources },
  ...extra,
});

/**
 * deployments_upsert goes through the gate with its cost (replicas × rate), and through
 * --max-hourly-spend like machines_create; costs_summary lists deployments apart from the machines.
 */
describe('deployments cost money: through the gate and the spend cap', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const start = async (args: string[], seed = false) => {
    h = await startHarness({
      args: ['--toolsets', 'all', ...args],
      sandbox: { seed, seedClock: SEED_CLOCK, transitionMs: 0 },
    });
    return h;
  };
  const posts = (harness: Harness) =>
    harness.requests().filter((r) => r.method === 'POST' && r.path === '/deployments');

  it('creating a deployment asks first, with replicas × rate in the preview; the token creates it once and the result states the cost', async () => {
    const harness = await start([]);
    const api = new Api(harness.api);
    const projectId = await api.project();
    await api.machine('a4000-rate'); // the account's A4000 machine gives the (estimated) rate
    harness.clearLog();
    const args = { projectId, config: deploymentSpec('priced', 3) };
    const preview = await harness.call('deployments_upsert', args);
    expect(preview.isError).toBe(true);
    const text = textOf(preview);
    expect(text).toMatch(/^Confirmation required: nothing was changed yet\./);
    expect(text).toMatch(
      /\nCost: 3 replica\(s\) of type A4000 × \$0\.76\/h = \$2\.28\/h while it runs \(an estimate from machine ps\w+ of that type: a deployment may be billed differently\)\.\n/,
    );
    expect(posts(harness)).toEqual([]);
    const token = confirmTokenIn(preview);
    const done = await harness.call('deployments_upsert', { ...args, confirm: token });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(textOf(done)).toMatch(/Cost: 3 replica\(s\) of type A4000 × \$0\.76\/h = \$2\.28\/h/);
    expect(posts(harness)).toHaveLength(1);
  });

  it('under --max-hourly-spend $1/h: 10 × A100 is refused before any preview, as are its string, huge, autoscaled, v0alpha0 and unknown-type forms; within the cap it asks', async () => {
    const harness = await start([
      '--max-hourly-spend',
      '1',
      '--rates',
      ratesFile({ A100: 3.09, A4000: 0.76 }),
    ]);
    const projectId = await new Api(harness.api).project();
    harness.clearLog();
    const refused = async (config: Record<string, unknown>, why: RegExp) => {
      const result = await harness.call('deployments_upsert', { projectId, config });
      expect(result.isError, JSON.stringify(config)).toBe(true);
      expect(textOf(result)).toMatch(
        /^deployments_upsert refused: the server caps the running burn rate at \$1\.00\/h/,
      );
      expect(textOf(result)).toMatch(why);
      expect(textOf(result)).toMatch(/Nothing was sent\.$/);
      expect(confirmTokenIn(result)).toBeUndefined();
    };
    await refused(spec({ replicas: 10 }), /burn \$0\.00\/h; this would make it \$30\.90\/h/);
    await refused(spec({ replicas: '10' }), /this would make it \$30\.90\/h/);
    await refused(spec({ replicas: 1e12 }), /this would make it \$3,090,000,000,000\.00\/h/);
    await refused(
      spec({
        replicas: 1,
        machineType: 'A4000',
        autoscaling: { enabled: true, maxReplicas: 10, metrics: [] },
      }),
      /this would make it \$7\.60\/h/,
    );
    await refused(
      { apiVersion: 'v0alpha0', name: 'old', image: 'x', resources: { instanceType: 'A100', replicas: 2 } },
      /this would make it \$6\.18\/h/,
    );
    await refused(
      spec({ replicas: 1, machineType: 'Z9000' }),
      /hourly rate of machine type Z9000 is unknown/,
    );
    expect(posts(harness)).toEqual([]);

    // Within the cap, or running nothing (even of an unknown type), it asks.
    for (const config of [
      spec({ replicas: 1, machineType: 'A4000' }),
      spec({ replicas: 0, machineType: 'Z9000' }),
      spec({ replicas: 4, machineType: 'Z9000' }, { enabled: false }),
    ]) {
      const asked = await harness.call('deployments_upsert', { projectId, config });
      expect(textOf(asked), JSON.stringify(config)).toMatch(/^Confirmation required/);
    }
    expect(posts(harness)).toEqual([]);
  });

  it('the confirming call meets the cap again: a machine started since the preview makes it refuse, nothing sent', async () => {
    const harness = await start(['--max-hourly-spend', '1', '--rates', ratesFile({ A4000: 0.76 })]);
    const api = new Api(harness.api);
    const projectId = await api.project();
    const args = { projectId, config: deploymentSpec('priced', 1) };
    const token = confirmTokenIn(await harness.call('deployments_upsert', args));
    expect(token).toBeDefined();
    await harness.api.request({ method: 'POST', path: '/machines', body: { ...MACHINE, name: 'late' } });
    harness.clearLog();
    const late = await harness.call('deployments_upsert', { ...args, confirm: token });
    expect(textOf(late)).toMatch(/burn \$0\.76\/h; this would make it \$1\.52\/h\. Nothing was sent\./);
    expect(posts(harness)).toEqual([]);
  });

  it('replacing a deployment asks with what runs now and what the new spec costs; over the cap it is refused', async () => {
    const harness = await start(['--max-hourly-spend', '2', '--rates', ratesFile({ A4000: 0.76 })]);
    const api = new Api(harness.api);
    const projectId = await api.project();
    const deploymentId = await api.deployment(projectId);
    harness.clearLog();
    const asked = textOf(
      await harness.call('deployments_upsert', {
        deploymentId,
        projectId,
        config: deploymentSpec('gate-deploy', 2),
      }),
    );
    expect(asked).toMatch(/\nTarget: "gate-deploy" /);
    expect(asked).toMatch(/\nNow: 1 replica\(s\) of type A4000\.\n/);
    expect(asked).toMatch(
      /\nCost: 2 replica\(s\) of type A4000 × \$0\.76\/h = \$1\.52\/h while it runs \(the --rates file\)\.\n/,
    );
    const over = await harness.call('deployments_upsert', {
      deploymentId,
      projectId,
      config: deploymentSpec('gate-deploy', 3),
    });
    expect(textOf(over)).toMatch(/this would make it \$2\.28\/h\. Nothing was sent\./);
    expect(posts(harness)).toEqual([]);
  });

  it("costs_summary keeps the machines' hourly total and lists deployments apart, marked as estimates where a machine's rate stands in", async () => {
    const harness = await start([], true);
    const before = structured(await harness.call('costs_summary'));
    expect(before.totals).toMatchObject({ running: 2, usdPerHourNow: 3.39 });
    // The seeded deployments run 2 and 1 replicas of A4000; no machine or rate says what that costs.
    expect(before.deploymentTotals).toMatchObject({ deployments: 2, usdPerHourKnown: 0, unknownRate: 2 });
    await new Api(harness.api).machine('a4000-rate');
    const result = await harness.call('costs_summary');
    const after = structured(result);
    expect(after.totals).toMatchObject({ running: 3, usdPerHourNow: 4.15 });
    expect(after.deploymentTotals).toMatchObject({ deployments: 2, usdPerHourKnown: 2.28, unknownRate: 0 });
    const rows = after.deployments as Array<Record<string, unknown>>;
    expect(rows.map((d) => [d.name, d.replicas, d.usdPerHour, d.estimate]).sort()).toEqual([
      ['resnet-inference', 1, 0.76, true],
      ['stable-diffusion-api', 2, 1.52, true],
    ]);
    expect(textOf(result)).toMatch(
      /Deployments \(not in the totals above\): 2, \$2\.28\/h while their replicas run, partly estimated from machines of the same type\./,
    );
  });
});
