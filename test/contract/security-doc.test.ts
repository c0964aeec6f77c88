import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { securitySection, securityTable } from '../../scripts/security-table.mjs';
import * as rules from '../../src/confirm/rules.js';
import * as ungated from '../../src/confirm/ungated.js';
import { OPERATIONS } from '../../src/tools/operations.js';

it('docs/SECURITY.md lists every write tool, gated or not, with its reason (npm run docs regenerates it)', () => {
  expect(securitySection()).toBe(securityTable({ OPERATIONS, ...rules, ...ungated }));
});

it('every write tool has exactly one reason: its rule when gated, an entry of UNGATED_WHY when not', () => {
  for (const op of OPERATIONS.filter((o) => o.kind !== 'read')) {
    const gatedWhy = rules.ruleFor(op.name)?.why;
    const ungatedWhy = (ungated.UNGATED_WHY as Record<string, string>)[op.name];
    expect([op.name, Boolean(op.gated)]).toEqual([op.name, gatedWhy !== undefined]);
    expect([op.name, ungatedWhy === undefined]).toEqual([op.name, Boolean(op.gated)]);
    expect((gatedWhy ?? ungatedWhy ?? '').length).toBeGreaterThan(10);
  }
});
