import {
  CLIENT_CAPABILITIES_META_KEY,
  type McpServer,
  MissingRequiredClientCapabilityError,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Tasks } from './tasks.js';

/** The Tasks extension of the 2026-07-28 revision (SEP-2663). */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/**
 * Whether this request opted in: the client declares the extension in the request's own
 * `_meta` capabilities (2026-07-28; there is no session). A 2025-era request never has them.
 */
export function tasksNegotiated(ctx: ServerContext): boolean {
  const envelope = (ctx.mcpReq as { envelope?: Record<string, unknown> }).envelope;
  const caps = envelope?.[CLIENT_CAPABILITIES_META_KEY] as
    | { extensions?: Record<string, unknown> }
    | undefined;
  const extensions = caps?.extensions;
  return typeof extensions === 'object' && extensions !== null && extensions[TASKS_EXTENSION] !== undefined;
}

/** -32021 (HTTP 400): the request needs the extension the client did not declare. */
export function requireTasks(): MissingRequiredClientCapabilityError {
  return new MissingRequiredClientCapabilityError(
    { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    `This request needs the ${TASKS_EXTENSION} extension: declare it in _meta["${CLIENT_CAPABILITIES_META_KEY}"].extensions.`,
  );
}

const TaskIdParams = z.looseObject({ taskId: z.string().min(1).max(200) });

/**
 * Offers the extension on a 2026-07-28 instance: the capability (server/discover) and
 * tasks/get, tasks/update, tasks/cancel, each refused with -32021 unless the request opted in.
 * `ownerOf` names the caller; a task answers only to the caller that created it.
 */
export function offerTasks(server: McpServer, tasks: Tasks, ownerOf: (ctx: ServerContext) => string): void {
  server.server.registerCapabilities({ extensions: { [TASKS_EXTENSION]: {} } });
  server.server.setRequestHandler('tasks/get', { params: TaskIdParams }, async (params, ctx) => {
    if (!tasksNegotiated(ctx)) throw requireTasks();
    return tasks.get(params.taskId, ownerOf(ctx));
  });
  // The SDK lifts inputResponses out of every request's params into ctx.mcpReq.
  server.server.setRequestHandler('tasks/update', { params: TaskIdParams }, async (params, ctx) => {
    if (!tasksNegotiated(ctx)) throw requireTasks();
    const responses = (ctx.mcpReq.inputResponses ?? {}) as Record<string, unknown>;
    await tasks.update(params.taskId, ownerOf(ctx), responses);
    return { resultType: 'complete' };
  });
  server.server.setRequestHandler('tasks/cancel', { params: TaskIdParams }, async (params, ctx) => {
    if (!tasksNegotiated(ctx)) throw requireTasks();
    await tasks.cancel(params.taskId, ownerOf(ctx));
    return { resultType: 'complete' };
  });
}
