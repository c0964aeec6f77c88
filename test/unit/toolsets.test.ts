import { expect, it } from 'vitest';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { selectOperations } from '../../src/tools/registry/select.js';
import {
  DEFAULT_TOOLSETS,
  READ_ONLY_KINDS,
  TOOLSET_MANIFEST,
  TOOLSETS,
} from '../../src/tools/registry/toolsets.js';

const FLAGS = { toolsets: ['all'], tools: undefined, excludeTools: [], readOnly: false };

it('the manifest holds every toolset once, in list order, and the defaults are its default entries', () => {
  expect(Object.keys(TOOLSET_MANIFEST)).toEqual([...TOOLSETS]);
  expect(DEFAULT_TOOLSETS).toEqual(['auth', 'machines', 'datasets', 'workflows']);
  for (const op of OPERATIONS) expect(TOOLSETS, op.name).toContain(op.toolset);
});

it('under --read-only every set keeps exactly its tools of the read-only kinds', () => {
  const kept = selectOperations(OPERATIONS, { ...FLAGS, readOnly: true });
  expect(READ_ONLY_KINDS).toEqual(['read']);
  expect(kept.map((o) => o.name)).toEqual(OPERATIONS.filter((o) => o.kind === 'read').map((o) => o.name));
  expect(new Set(kept.map((o) => o.toolset))).toEqual(new Set(TOOLSETS));
});
