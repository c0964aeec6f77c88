import { describe, expect, it } from 'vitest';
import { splitRoute } from '../../src/tools/define.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';

describe('rows declare what the call does with their results', () => {
  it('a row of a secrets route says its payloads are secret objects', () => {
    const secretRoutes = OPERATIONS.filter((op) => /\/secrets(\/|$)/.test(splitRoute(op.route).path));
    expect(secretRoutes.length).toBeGreaterThan(0);
    expect(secretRoutes.filter((op) => op.secretObjects !== true).map((op) => op.name)).toEqual([]);
    expect(OPERATIONS.filter((op) => op.secretObjects === true)).toEqual(secretRoutes);
  });

  it('every dataset row names the resources its results link to, and no other row does', () => {
    const linked = OPERATIONS.filter((op) => op.links !== undefined);
    expect(linked.map((op) => op.name)).toEqual(
      OPERATIONS.filter((op) => op.toolset === 'datasets').map((op) => op.name),
    );
    for (const op of linked) {
      const expected = op.name.startsWith('datasets_versions_files_')
        ? 'file'
        : op.name.startsWith('datasets_versions_')
          ? 'version'
          : 'dataset';
      expect(`${op.name}: ${op.links}`).toBe(`${op.name}: ${expected}`);
    }
  });
});
