import type { LineDecision } from '../../audit/entry.js';
import type { AttemptLines } from '../../audit/journal.js';
import { type ApiPath, fillPath, paramNames } from '../../client/paths.js';
import { costOf } from '../../confirm/rates.js';
import { type Operation, splitRoute } from '../define.js';
import type { CallContext } from './context.js';
import { mayHaveApplied } from './errors.js';

/** Maps validated arguments onto the route: path params, then query (GET/DELETE) or JSON body. */
export function buildRequest(
  op: Operation,
  args: Record<string, unknown>,
): { method: string; path: ApiPath; query?: Record<string, unknown>; body?: unknown } {
  const { method, path: template } = splitRoute(op.route);
  const path = fillPath(template, args);
  const rest: Record<string, unknown> = { ...args };
  for (const name of paramNames(template)) delete rest[name];
  for (const [k, v] of Object.entries(rest)) if (v === undefined) delete rest[k];
  if (method === 'GET' || method === 'DELETE') {
    return Object.keys(rest).length > 0 ? { method, path, query: rest } : { method, path };
  }
  return Object.keys(rest).length > 0 ? { method, path, body: rest } : { method, path };
}

/**
 * A mutating request between its intent line (awaited: when it cannot be written nothing is sent)
 * and its outcome line. Reads are not journaled (`lines` is undefined for them).
 */
export async function journaled(
  op: Operation,
  lines: AttemptLines | undefined,
  decided: LineDecision,
  tc: CallContext,
  send: () => Promise<unknown>,
): Promise<unknown> {
  if (!lines) return send();
  await lines.intent(decided);
  let value: unknown;
  try {
    value = await send();
  } catch (error) {
    await lines.outcome(decided, tc.sent() && mayHaveApplied(error) ? 'may-have-applied' : 'failed');
    throw error;
  }
  await lines.outcome(decided, 'applied', op.cost === undefined ? undefined : hourlyCostOf(value));
  return value;
}

/** What the call acts on, as the journal names it: its path ids, or the name it gives. */
export function targetOf(op: Operation, args: Record<string, unknown>): string | undefined {
  const ids = paramNames(splitRoute(op.route).path).map((name) => args[name]);
  if (ids.length > 0 && ids.every((id) => typeof id === 'string' || typeof id === 'number'))
    return ids.join('/');
  return typeof args.name === 'string' ? args.name : undefined;
}

/** The hourly rate of the machine a costed call answered with, when it says. */
function hourlyCostOf(value: unknown): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const data: unknown = Reflect.get(value, 'data') ?? value;
  if (data === null || typeof data !== 'object') return undefined;
  return costOf(data)?.usdPerHourRunning ?? undefined;
}
