import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';

const SEED_CLOCK = Date.UTC(2026, 2, 14);
const METRICS = ['cpu', 'memory', 'gpu', 'requests_total', 'requests_per_second'] as const;

type Obj = Record<string, unknown>;

/** Every usage and cost figure the seeded sandbox reports, read through the tools. */
async function figures(h: Harness): Promise<Obj> {
  const read = async (name: string, args: Obj = {}) => {
    const result = await h.call(name, args);
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    return result.structuredContent as Obj;
  };
  const deployments = (await read('deployments_list')).items as Obj[];
  const datasets = (await read('datasets_list')).items as Obj[];
  const out: Obj = {
    costs: await read('costs_summary'),
    storage: await read('storage_utilization_get'),
  };
  for (const d of deployments) {
    for (const metric of METRICS)
      out[`${d.id}:${metric}`] = await read('deployments_metrics_get', { id: d.id, metric });
    out[`${d.id}:day`] = await read('deployments_metrics_get', { id: d.id, metric: 'cpu', timeframe: 'day' });
  }
  for (const d of datasets) {
    const versions = (await read('datasets_versions_list', { datasetId: d.id })).items as Obj[];
    out[`${d.id}:usage`] = versions.map((v) => [v.version, v.usageBytes]);
  }
  return out;
}

describe('sandbox figures', () => {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  const seeded = async () => {
    const h = await startHarness({ sandbox: { seed: true, seedClock: SEED_CLOCK } });
    open.push(h);
    return h;
  };

  it('usage, metrics and costs read the same on every call', async () => {
    const h = await seeded();
    const first = await figures(h);
    expect(Object.keys(first).length).toBeGreaterThan(10);
    expect(await figures(h)).toEqual(first);
  });

  it('follow from the seed: two sandboxes seeded alike report the same figures', async () => {
    const [a, b] = [await seeded(), await seeded()];
    const figuresOfA = await figures(a);
    expect(await figures(b)).toEqual(figuresOfA);
    const usage = Object.entries(figuresOfA).filter(([k]) => k.endsWith(':usage'));
    expect(usage.flatMap(([, v]) => v as unknown[][]).some(([, bytes]) => typeof bytes === 'string')).toBe(
      true,
    );
  });
});
