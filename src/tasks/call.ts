import type { CallToolResult, ServerContext } from '@modelcontextprotocol/server';
import type { CallTasks } from '../tools/call/deps.js';
import { type CallTask, errorOf, type Operation, type ToolContext } from '../tools/define.js';
import { tasksNegotiated } from './extension.js';
import { settleResult } from './settle.js';
import { type TaskIo, type Tasks, TooManyTasksError } from './tasks.js';

export interface CallTaskDeps {
  tasks?: Tasks | undefined;
  /** The instance serves the 2026-07-28 revision (the extension exists only there). */
  modern?: boolean | undefined;
  callerOf?: ((ctx: ServerContext) => string) | undefined;
}

/**
 * The task for this call when its row can run as one and the request opted in to the extension;
 * undefined otherwise (the call answers as it always has). `exit` turns what the rest of the call
 * returned or threw into the task's result, as the call's own exit would.
 */
export function callTask(
  op: Operation,
  args: Record<string, unknown>,
  ctx: ServerContext,
  deps: CallTaskDeps,
  exit: (rest: () => Promise<CallToolResult>) => Promise<CallToolResult>,
): CallTask | undefined {
  const row = op.task;
  const tasks = deps.tasks;
  if (!row || !tasks || !deps.modern || !tasksNegotiated(ctx)) return undefined;
  if (row.when && !row.when(args)) return undefined;
  const abort = new AbortController();
  let io: TaskIo | undefined;
  return {
    signal: abort.signal,
    progress: async (message) => io?.progress(message),
    sent: async (aftermath) => io?.sent(aftermath),
    async start(rest) {
      try {
        const created = await tasks.start(deps.callerOf?.(ctx) ?? '', op.name, async (taskIo) => {
          io = taskIo;
          taskIo.signal.addEventListener('abort', () => abort.abort(taskIo.signal.reason), { once: true });
          await taskIo.sent(row.aftermath);
          return exit(rest);
        });
        // A CreateTaskResult travels where a CallToolResult does (serve-tools passes it through).
        return created as unknown as CallToolResult;
      } catch (error) {
        if (error instanceof TooManyTasksError) return errorOf(`${error.message} Nothing was sent.`);
        throw error;
      }
    },
  };
}

/** The call's result once what it started is finished (the row's settle), inside the task. */
export async function settled(
  op: Operation,
  result: CallToolResult,
  args: Record<string, unknown>,
  tc: ToolContext,
): Promise<CallToolResult> {
  const to = op.task?.settle;
  if (!to || result.isError) return result;
  return settleResult(to, result, args, tc);
}

/** How the call pipeline runs the calls of task rows as tasks on one server instance. */
export const callTasks = (deps: CallTaskDeps): CallTasks => ({
  taskFor: (op, args, ctx, exit) => callTask(op, args, ctx, deps, exit),
  settled,
});
