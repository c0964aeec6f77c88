import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_FILES, SEEDED_FILES_DATASET } from '../../src/sandbox/seed/digits-sample.js';
import { type Harness, startHarness } from '../helpers/harness.js';

type Obj = Record<string, unknown>;

/** The seeded S3-backed dataset of --sandbox: its files are in the sandbox's own storage. */
describe("the sandbox's seeded dataset files", () => {
  const open: Harness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });
  const seeded = async () => {
    const h = await startHarness({ sandbox: { seed: true, s3: true, seedClock: Date.UTC(2026, 2, 14) } });
    open.push(h);
    const read = async (name: string, args: Obj) => {
      const result = await h.call(name, args);
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return result.structuredContent as Obj;
    };
    const datasets = (await read('datasets_list', { limit: 120 })).items as Obj[];
    const dataset = datasets.find((d) => d.name === SEEDED_FILES_DATASET) as Obj;
    const versions = (await read('datasets_versions_list', { datasetId: dataset.id })).items as Obj[];
    const ref = { datasetId: dataset.id, version: versions[0]?.version };
    return { read, ref, version: versions[0] as Obj };
  };

  it('are listed with their sizes, read inline, and list the same on every start', async () => {
    const a = await seeded();
    const listed = await a.read('datasets_versions_files_list', a.ref);
    const items = listed.items as { path: string; size: number }[];
    expect(Object.fromEntries(items.map((f) => [f.path, f.size]))).toEqual(
      Object.fromEntries(Object.entries(SEEDED_FILES).map(([p, t]) => [p, Buffer.byteLength(t)])),
    );
    expect(a.version).toMatchObject({
      isCommitted: true,
      usageBytes: String(Object.values(SEEDED_FILES).reduce((n, t) => n + Buffer.byteLength(t), 0)),
    });
    const file = await a.read('datasets_versions_files_get', { ...a.ref, path: 'labels.csv' });
    expect(JSON.stringify(file)).toContain(JSON.stringify(SEEDED_FILES['labels.csv']).slice(1, -1));
    const b = await seeded();
    expect(await b.read('datasets_versions_files_list', b.ref)).toEqual(listed);
  });
});
