import { expect } from 'vitest';
import { type CallResult, type Harness, TEST_KEY } from '../helpers/harness.js';

/** Helpers for the machines, custom templates, snapshots and startup scripts integration tests. */

export const ALL_TOOLS = ['--toolsets', 'all', '--confirm', 'off'];

export type Obj = Record<string, unknown>;

/** The sandbox received exactly this one request since the last `clearLog()`, with the bearer. */
export function expectOnlyRequest(
  h: Harness,
  method: string,
  path: string,
  query: Record<string, string> = {},
  body: unknown = undefined,
): void {
  expect(h.requests()).toEqual([
    expect.objectContaining({ method, path, query, body, authorization: `Bearer ${TEST_KEY}` }),
  ]);
}

/** Calls a tool, expects success, and returns its structured content. */
export async function ok(h: Harness, name: string, args: Obj = {}): Promise<Obj> {
  const result: CallResult = await h.call(name, args);
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as Obj;
}

export const MACHINE_ARGS = {
  machineType: 'C5',
  templateId: 't0nspur5',
  diskSize: 50,
  region: 'ny2',
} as const;

/** Creates a machine through the tool and returns its `data` (already ready when transitions are instant). */
export async function createMachine(h: Harness, name: string, extra: Obj = {}): Promise<Obj> {
  const created = await ok(h, 'machines_create', { name, ...MACHINE_ARGS, ...extra });
  return created.data as Obj;
}

/** Polls a machine event until it is no longer new or in progress. */
export async function waitForEvent(h: Harness, id: string): Promise<Obj> {
  for (let i = 0; i < 100; i++) {
    const event = await ok(h, 'machine_events_get', { id });
    if (event.state !== 'new' && event.state !== 'in progress') return event;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`event ${id} never finished`);
}
