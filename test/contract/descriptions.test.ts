import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { TOOL_TABLE } from '../../src/tools/registry/prebuilt.js';
import { countProperties } from '../helpers/undescribed.js';

/** The listed definition of every tool (all toolsets), as tools/list sends it. */
const TOOLS = TOOL_TABLE.tools.map((t) => ({ ...t, definition: JSON.parse(t.json) }));
const DEFAULTS = new Set(TOOL_TABLE.defaults);

function census(tools: typeof TOOLS) {
  const all: string[] = [];
  const undescribed: string[] = [];
  for (const t of tools) {
    const count = countProperties(t.definition.inputSchema);
    all.push(...count.all.map((p) => `${t.name}.${p}`));
    undescribed.push(...count.undescribed.map((p) => `${t.name}.${p}`));
  }
  return { all, undescribed };
}

const datasetIdOf = (name: string) =>
  TOOLS.find((t) => t.name === name)?.definition.inputSchema.properties.datasetId?.description as
    | string
    | undefined;

describe('input schemas explain themselves', () => {
  it.each([
    ['all toolsets', TOOLS],
    ['the default toolsets', TOOLS.filter((t) => DEFAULTS.has(t.toolset))],
  ])('every input property of %s has a description (nested ones included)', (label, tools) => {
    const { all, undescribed } = census(tools);
    console.log(`${label}: ${undescribed.length} of ${all.length} input properties undescribed`);
    expect(all.length).toBeGreaterThan(tools.length);
    expect(undescribed).toEqual([]);
  });

  it('the count reaches nested properties, array items, union branches and $defs', () => {
    const nested = {
      type: 'object',
      properties: {
        a: { type: 'object', description: 'A', properties: { b: { type: 'string' } } },
        c: { type: 'array', description: 'C', items: { $ref: '#/$defs/D' } },
        e: { anyOf: [{ type: 'object', properties: { f: { type: 'string', description: '' } } }] },
      },
      $defs: { D: { type: 'object', properties: { g: { type: 'number' } } } },
    };
    expect(countProperties(nested).undescribed.sort()).toEqual(['$defs.D.g', 'a.b', 'e', 'e|0.f']);
  });

  it('every tool that accepts datasetId:version says so in datasetId, and no other tool does', () => {
    for (const op of OPERATIONS) {
      const description = datasetIdOf(op.name);
      if (op.legacyVersionId) expect(description, op.name).toMatch(/id:version/);
      else if (description !== undefined) expect(description, op.name).not.toMatch(/:version/);
    }
    expect(OPERATIONS.filter((op) => op.legacyVersionId).length).toBeGreaterThanOrEqual(7);
  });
});
