import { type ApiPath, fillPath, paramNames } from '../../client/paths.js';
import { type Operation, splitRoute } from '../define.js';
import type { CallContext } from './context.js';

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
 * A mutating request between the journal's intent (awaited: a rejection means nothing is sent)
 * and its outcome. Reads are not journaled.
 */
export async function journaled(
  op: Operation,
  args: Record<string, unknown>,
  tc: CallContext,
  send: () => Promise<unknown>,
): Promise<unknown> {
  if (op.kind === 'read') return send();
  const intent = { tool: op.name, args, caller: tc.caller };
  const { journal } = tc.deps;
  await journal.intent(intent);
  let value: unknown;
  try {
    value = await send();
  } catch (error) {
    await journal.outcome(intent, { ok: false, sent: tc.sent() });
    throw error;
  }
  await journal.outcome(intent, { ok: true });
  return value;
}
