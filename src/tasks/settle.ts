import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { errorOf, type SettleUntil, type ToolContext } from '../tools/define.js';
import { stateText } from '../tools/machine-states.js';
import type { Look } from '../tools/shared-poll.js';
import { pollUntil, type WaitFor } from '../tools/workflows/poll.js';
import { deploymentRunLook, machineStateLook } from '../tools/workflows/wait.js';

/** Longest a task waits for what its call started: within the task's one-hour ttl. */
export const TASK_WAIT_SECONDS = 3_000;

type Entity = Record<string, unknown>;
type Shaped = CallToolResult & { structuredContent: Record<string, unknown> };

/** Waits for what a task's call started, then returns the final result (of the row's output shape). */
type Settle = (result: Shaped, args: Record<string, unknown>, tc: ToolContext) => Promise<CallToolResult>;

/**
 * Waits as the wait tool `waitFor.tool` would for the same target (same look, same shared poll),
 * then merges what the last look saw into the call's result; an error result when it failed or
 * did not finish in time.
 */
async function waitThenMerge(
  result: Shaped,
  tc: ToolContext,
  waitFor: WaitFor,
  look: Look<Entity>,
  what: string,
  shown: (state: string) => string,
  merge: (seen: Entity) => Record<string, unknown>,
): Promise<CallToolResult> {
  // A task's wait counts against the tasks cap, not the caller's cap of distinct waits: its request
  // has already left, so refusing the wait now would only hide how the call ends.
  const scope = `task:${randomUUID()}`;
  const own: ToolContext = { ...tc, caller: scope };
  const outcome = await pollUntil(
    own,
    TASK_WAIT_SECONDS,
    waitFor,
    look,
    (o, s) => `${what} is ${shown(o.state)} after ${s} s`,
  );
  if ('refused' in outcome) return errorOf(outcome.refused);
  if (outcome.failure !== undefined)
    return errorOf(`${outcome.failure} Stopped waiting after ${outcome.elapsedSeconds} s.`);
  if (!outcome.finished) {
    return errorOf(
      `${what} is still ${shown(outcome.state)} after ${outcome.elapsedSeconds} s; call ${waitFor.tool} to keep waiting.`,
    );
  }
  // What the last look saw replaces what the call answered; the call's links and notes stay.
  const structured = { ...result.structuredContent, ...merge(outcome.value) };
  return {
    ...result,
    structuredContent: structured,
    content: [
      { type: 'text', text: JSON.stringify(structured) },
      ...result.content.slice(1),
      { type: 'text', text: `${what} is ${shown(outcome.state)} (${outcome.elapsedSeconds} s).` },
    ],
  };
}

/** Settles a machine call once the machine is in `state`, with the final machine as `data`. */
function untilMachine(state: 'ready' | 'off'): Settle {
  return (result, args, tc) => {
    const data = result.structuredContent.data as { id?: unknown } | undefined;
    const id = typeof args.id === 'string' ? args.id : String(data?.id ?? '');
    return waitThenMerge(
      result,
      tc,
      { tool: 'machines_wait', same: [id, null, state] },
      machineStateLook(id, state),
      `machine ${id}`,
      stateText,
      (seen) => ({ data: seen.machine }),
    );
  };
}

/** Settles deployments_upsert once the latest run has its replicas ready, with that run as `run`. */
const untilDeploymentReady: Settle = (result, _args, tc) => {
  const id = String(result.structuredContent.deploymentId ?? '');
  return waitThenMerge(
    result,
    tc,
    { tool: 'deployments_wait', same: [id, null] },
    deploymentRunLook(id, undefined),
    `deployment ${id}`,
    (state) => state,
    (seen) => ({ run: seen.run }),
  );
};

/** How a task waits for what the row's `task.settle` names. */
export const settleOf = (until: SettleUntil): Settle =>
  until.until === 'machine-state' ? untilMachine(until.state) : untilDeploymentReady;
