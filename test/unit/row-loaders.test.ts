import { describe, expect, it } from 'vitest';
import { AREAS, OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { TOOL_TABLE } from '../../src/tools/registry/prebuilt.js';
import { ROW_LOADERS, rowOf } from '../../src/tools/registry/row-loaders.js';

describe('row loaders: a call loads its tool row from the area the prebuilt table names', () => {
  it('loads each area alone, as exactly the rows operations.ts lists for it, in the same order', async () => {
    expect(Object.keys(ROW_LOADERS)).toEqual(Object.keys(AREAS));
    for (const [area, load] of Object.entries(ROW_LOADERS)) {
      expect(await load(), area).toBe(AREAS[area as keyof typeof AREAS]);
    }
  });

  it('finds the row of every tool in the table, and the table agrees with that row', async () => {
    expect(TOOL_TABLE.tools.map((t) => t.name)).toEqual(OPERATIONS.map((o) => o.name));
    for (const entry of TOOL_TABLE.tools) {
      const op = await rowOf(entry);
      expect(op.name).toBe(entry.name);
      expect({ toolset: entry.toolset, kind: entry.kind, route: entry.route }).toEqual({
        toolset: op.toolset,
        kind: op.kind,
        route: op.route,
      });
    }
  });

  it('names the tool and the area when the table and the rows disagree', async () => {
    await expect(rowOf({ name: 'machines_get', area: 'nowhere' })).rejects.toThrow(
      'machines_get: unknown area nowhere in the tool table',
    );
    await expect(rowOf({ name: 'datasets_get', area: 'machines' })).rejects.toThrow(
      'datasets_get is not a row of the machines area',
    );
  });
});
