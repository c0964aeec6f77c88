import type { Harness } from '../helpers/harness.js';

export type Entity = Record<string, unknown>;

/** Seeded ages count from this instant in the workflow tests (any fixed clock would do). */
export const SEED_CLOCK = Date.parse('2026-11-30T00:00:00.000Z');
export const DAY_MS = 86_400_000;

/** The seeded machines by name (ids are fixed, but tests look them up rather than hard-code them). */
export async function machinesByName(h: Harness): Promise<Record<string, Entity>> {
  const result = await h.api.request<{ items: Entity[] }>({
    method: 'GET',
    path: '/machines',
    query: { limit: 120 },
  });
  return Object.fromEntries(result.items.map((m) => [String(m.name), m]));
}

export const structured = (result: { structuredContent?: Record<string, unknown> }) =>
  (result.structuredContent ?? {}) as Entity;

/** The confirmation token in a preview's text. */
export function tokenIn(text: string): string {
  const match = /"confirm": "([^"]+)"/.exec(text);
  if (!match?.[1]) throw new Error(`no token in: ${text}`);
  return match[1];
}
