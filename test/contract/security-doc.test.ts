import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { securitySection, securityTable } from '../../scripts/security-table.mjs';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';

it('docs/SECURITY.md lists every write tool, gated or not, with its reason (npm run docs regenerates it)', () => {
  expect(securitySection()).toBe(securityTable({ OPERATIONS }));
});

it('every write tool has exactly one reason: its rule when gated, `never` with a reason when not', () => {
  for (const op of OPERATIONS.filter((o) => o.kind !== 'read')) {
    const gatedWhy = op.confirm && 'why' in op.confirm ? op.confirm.why : undefined;
    const ungatedWhy = op.confirm && 'never' in op.confirm ? op.confirm.never : undefined;
    expect([op.name, Boolean(op.gated)]).toEqual([op.name, gatedWhy !== undefined]);
    expect([op.name, ungatedWhy === undefined]).toEqual([op.name, Boolean(op.gated)]);
    expect((gatedWhy ?? ungatedWhy ?? '').length).toBeGreaterThan(10);
  }
});
