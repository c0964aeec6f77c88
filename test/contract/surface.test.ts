import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { isComposite } from '../../src/tools/define.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { selectOperations } from '../../src/tools/registry/select.js';
import { DEFAULT_TOOLSETS, TOOLSETS } from '../../src/tools/registry/toolsets.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { COUNTS, REFERENCE } from './reference.js';

const GATED = new Set(OPERATIONS.filter((op) => op.gated).map((op) => op.name));
const select = (...args: string[]) => selectOperations(OPERATIONS, loadConfig(args, {})).map((o) => o.name);
const COMPOSITE = new Set(OPERATIONS.filter(isComposite).map((o) => o.name));
const apiOnly = (names: string[]) => names.filter((n) => !COMPOSITE.has(n));

describe('tool selection', () => {
  it('--toolsets all exposes exactly the operations of the reference', () => {
    expect(apiOnly(select('--toolsets', 'all')).sort()).toEqual(Object.keys(REFERENCE).sort());
  });

  it('--read-only exposes only the read tools of the reference (and the reading workflows)', () => {
    const names = apiOnly(select('--toolsets', 'all', '--read-only'));
    expect(names).toHaveLength(COUNTS.reads);
    for (const name of names) expect(REFERENCE[name]?.route.startsWith('GET ')).toBe(true);
  });

  it('the default set is the default toolsets', () => {
    const names = select();
    const expected = OPERATIONS.filter((o) => DEFAULT_TOOLSETS.includes(o.toolset)).map((o) => o.name);
    expect(names).toEqual(expected);
    expect(names.length).toBeLessThan(OPERATIONS.length);
    expect(names).toContain('machines_list');
    expect(names).not.toContain('teams_secrets_update');
  });

  it('default names the default toolsets, so more can be added to them', () => {
    const names = select('--toolsets', 'default,deployments');
    expect(names).toEqual(
      OPERATIONS.filter((o) => [...DEFAULT_TOOLSETS, 'deployments'].includes(o.toolset)).map((o) => o.name),
    );
  });

  it('--tools picks tools by name and --exclude-tools removes them', () => {
    expect(select('--tools', 'machines_get,datasets_list')).toEqual(['machines_get', 'datasets_list']);
    expect(select('--toolsets', 'datasets', '--exclude-tools', 'datasets_delete')).not.toContain(
      'datasets_delete',
    );
  });

  it('unknown names fail at start-up, listing the valid ones', () => {
    expect(() => select('--toolsets', 'machines,gpus')).toThrow(
      /Unknown toolset\(s\): gpus\. Valid toolsets: all, default, auth/,
    );
    expect(() => select('--tools', 'machines_explode')).toThrow(
      /Unknown tool\(s\): machines_explode\. Valid tools: .*machines_get/,
    );
    expect(() => loadConfig(['--confirm', 'maybe'], {})).toThrow(/confirm/);
    expect(() => loadConfig(['--bogus'], {})).toThrow(/bogus/);
  });
});

describe('tools/list surface', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all'] });
  });
  afterAll(() => h.close());

  // One snapshot file per toolset, so a change shows where it is.
  it.each(TOOLSETS)('matches the committed snapshot of toolset %s', async (toolset) => {
    const { tools } = await h.client.listTools();
    expect(tools).toHaveLength(OPERATIONS.length);
    const names = new Set(OPERATIONS.filter((o) => o.toolset === toolset).map((o) => o.name));
    const mine = tools.filter((t) => names.has(t.name));
    await expect(JSON.stringify(mine, null, 2)).toMatchFileSnapshot(
      `./__snapshots__/tools-list/${toolset}.json`,
    );
  });

  it('every tool has an outputSchema and annotations; gated tools say so and accept no stray fields', async () => {
    const { tools } = await h.client.listTools();
    for (const tool of tools) {
      expect(tool.outputSchema, tool.name).toBeDefined();
      // Hints at their protocol default are left out; every write says whether it destroys.
      expect(tool.annotations?.openWorldHint, tool.name).toBeUndefined();
      expect(tool.annotations?.idempotentHint, tool.name).not.toBe(false);
      if (tool.annotations?.readOnlyHint !== true) {
        expect(typeof tool.annotations?.destructiveHint, tool.name).toBe('boolean');
      }
      if (GATED.has(tool.name)) expect(tool.description).toMatch(/Asks to confirm first\.$/);
    }
  });

  // That every gated tool refuses to run unconfirmed, with a seeded target so the refusal is the
  // confirmation itself (not "not found"), is held by test/integration/confirm.test.ts.
});
