import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ServerContext,
} from '@modelcontextprotocol/server';
import { SendRecord } from '../../client/api.js';
import type { RedactScope } from '../../secrets.js';
import type { CallTask, Held, Operation } from '../define.js';
import { type CallContext, handlerEnv, type Runner, toolContext } from './context.js';
import { decideRoute } from './decide.js';
import type { CallDeps } from './deps.js';
import { toolErrorResult } from './errors.js';
import { buildRequest, journaled, targetOf } from './execute.js';
import { exitResult, redactScopeOf } from './filter.js';
import { successResult } from './shape.js';
import { routeArguments } from './validate.js';

/**
 * One tool call, after its arguments were validated (validate.ts, run by the tools/call handler),
 * and its single exit: whatever comes back (result, error, preview or question) passes the secret
 * filter (filter.ts), with the call's own key and secret arguments added to the known values.
 * A route row goes validate → decide → execute → shape; a handler row (workflows) composes calls
 * that each go the same way.
 */
export async function callOperation(
  server: McpServer,
  op: Operation,
  args: Record<string, unknown>,
  ctx: ServerContext,
  deps: CallDeps,
  held?: Held,
  within?: CallTask,
): Promise<CallToolResult | InputRequiredResult> {
  const apiKey = deps.apiKeyFor?.(ctx);
  const scope = redactScopeOf(op, args, apiKey);
  // The requests that can change something, noted where they leave (the API accessor and this
  // call's storage client), so any error after one says so.
  const record = new SendRecord();
  let result: CallToolResult | InputRequiredResult;
  // A confirmed call of a task row, for a client that opted in, goes on as a task after its
  // decision. A call run by a task (a batch item) keeps that task's signal and never starts its own.
  const task = within
    ? labelled(within, held?.label)
    : held === undefined
      ? deps.tasks?.taskFor(op, args, ctx, exitOf(op, args, record, deps, scope))
      : undefined;
  const run: Runner = {
    call: (row, rowArgs, rowHeld) =>
      callOperation(server, row, rowArgs, ctx, deps, rowHeld, task) as Promise<CallToolResult>,
    route: (row, rowArgs, tc) => runRoute(row, rowArgs, tc),
  };
  try {
    const tc = toolContext(server, ctx, deps, apiKey, record, run, task, scope);
    if (op.handler) result = (await held?.before?.()) ?? (await op.handler(args, tc, op));
    else result = await runRoute(op, args, tc, held);
  } catch (error) {
    result = toolErrorResult(op, error, record.any, deps.tools, scope);
  }
  return exitResult(op, result, scope, await verbatimOf(op, args, deps));
}

/** The task a call runs in, its progress under the call's label. */
function labelled(task: CallTask, label: string | undefined): CallTask {
  if (label === undefined) return task;
  return { ...task, progress: (message) => task.progress(`${label}: ${message}`) };
}

/** A row that runs another tool (batch_run) returns that tool's results: its verbatim keys too. */
async function verbatimOf(op: Operation, args: Record<string, unknown>, deps: CallDeps) {
  if (op.verbatim || !op.handler || typeof args.tool !== 'string') return op.verbatim;
  return (await deps.exposed(args.tool))?.verbatim;
}

/** A task's end of the call: what the rest returned or threw, through the call's own exit. */
function exitOf(
  op: Operation,
  args: Record<string, unknown>,
  record: SendRecord,
  deps: CallDeps,
  scope: RedactScope,
) {
  return async (rest: () => Promise<CallToolResult>): Promise<CallToolResult> => {
    let result: CallToolResult;
    try {
      result = await rest();
    } catch (error) {
      result = toolErrorResult(op, error, record.any, deps.tools, scope);
    }
    return exitResult(op, result, scope, await verbatimOf(op, args, deps)) as CallToolResult;
  };
}

/**
 * One request of the row's route: its arguments made ready, the local plan (`prepare`), the
 * decision (decide.ts), then the journaled request, shaped and linked. A task row's request and
 * settling run in its task, after the decision.
 */
async function runRoute(
  op: Operation,
  args: Record<string, unknown>,
  tc: CallContext,
  held?: Held,
): Promise<CallToolResult | InputRequiredResult> {
  const { deps, server } = tc;
  args = routeArguments(op, args);
  const env = op.execute || op.prepare ? handlerEnv(tc) : undefined;
  const plan = op.prepare && env ? await op.prepare(args, env, held?.plan) : held?.plan;
  const decision = await decideRoute(op, args, tc, held, plan);
  const { confirm: _given, ...given } = args;
  // Every attempt to change something is journaled, sent or not; reads are not.
  const lines = op.kind === 'read' ? undefined : tc.attempt(op.name, given, targetOf(op, given));
  if (!decision.proceed) {
    await lines?.notSent(decision.decided);
    return decision.result;
  }
  const { confirm: _token, ...apiArgs } = decision.args;
  const request = op.execute ? undefined : buildRequest(op, apiArgs);
  const send = async (): Promise<CallToolResult> => {
    let intended = false;
    const answer = await decision.spend.send(
      // File work reports itself what was transferred when it fails part-way.
      () => {
        intended = true;
        return journaled(op, lines, decision.decided, tc, () =>
          op.execute && env
            ? op.execute(apiArgs, env, plan)
            : tc.request(request ?? buildRequest(op, apiArgs)),
        );
      },
      decision.recheck,
    );
    if (!answer.ok) {
      // Refused right before the request (the target changed, the spend cap): one line, not sent.
      if (!intended) await lines?.notSent({ ...decision.decided, decision: 'refused' });
      return answer.result;
    }
    const result = successResult(op, answer.value);
    decision.spend.annotate(result);
    const links = deps.onResult?.(server, op, apiArgs, result.structuredContent) ?? [];
    if (links.length > 0) result.content.push(...links);
    return result;
  };
  const { task } = tc;
  const tasks = deps.tasks;
  if (task && tasks && held === undefined)
    return task.start(async () => tasks.settled(op, await send(), apiArgs, tc));
  return send();
}
