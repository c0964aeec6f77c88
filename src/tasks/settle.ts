import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { errorOf, type SettleTo, type ToolContext } from '../tools/define.js';
import { stateText } from '../tools/machine-states.js';
import type { Look } from '../tools/shared-poll.js';
import { pollUntil, type WaitFor } from '../tools/workflows/poll.js';
import { deploymentRunLook, machineEventLook, machineStateLook } from '../tools/workflows/wait.js';

/** Longest a task waits for what its call started: within the task's one-hour ttl. */
export const TASK_WAIT_SECONDS = 3_000;

type Entity = Record<string, unknown>;
type Shaped = CallToolResult & { structuredContent: Record<string, unknown> };

const isEntity = (value: unknown): value is Entity =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One wait of a task: what to poll, how to say it, and the final result's structured content. */
interface Wait {
  waitFor: WaitFor;
  look: Look<Entity>;
  what: string;
  shown: (state: string) => string;
  /** The call's structured content with what the last look saw in place of what went stale. */
  final: (structured: Entity, seen: Entity) => Entity;
}

/**
 * The call's result once what it started is finished, as the row's `settle` says; an error result
 * when it failed. A result without structured content is returned as it is.
 */
export async function settleResult(
  to: SettleTo,
  result: CallToolResult,
  args: Record<string, unknown>,
  tc: ToolContext,
): Promise<CallToolResult> {
  const structured = result.structuredContent;
  if (!isEntity(structured)) return result;
  return waitThenMerge({ ...result, structuredContent: structured }, tc, waitOf(to, structured, args));
}

function waitOf(to: SettleTo, structured: Entity, args: Record<string, unknown>): Wait {
  const data = isEntity(structured.data) ? structured.data : undefined;
  const machineId = typeof args.id === 'string' && !('event' in to) ? args.id : String(data?.id ?? '');
  if ('machine' in to) {
    const state = typeof to.machine === 'function' ? to.machine(args) : to.machine;
    return {
      waitFor: { tool: 'machines_wait', same: [machineId, null, state] },
      look: machineStateLook(machineId, state),
      what: `machine ${machineId}`,
      shown: stateText,
      // The start call's event said 'new' and its machine what it was then: only the final machine stays.
      final: ({ event: _stale, ...rest }, seen) => ({ ...rest, data: seen.machine }),
    };
  }
  if ('event' in to) {
    const event = isEntity(structured.event) ? structured.event : undefined;
    const eventId = String(event?.id ?? '');
    const eventMachine = String(event?.machineId ?? data?.machineId ?? data?.id ?? '');
    return {
      waitFor: { tool: 'machines_wait', same: [eventMachine, eventId, null] },
      look: machineEventLook(eventMachine, eventId),
      what: `event ${eventId}`,
      shown: stateText,
      final: (rest, seen) => ({
        ...rest,
        event: seen.event,
        ...(to.data === 'machine' ? { data: seen.machine } : {}),
      }),
    };
  }
  const deploymentId = String(structured.deploymentId ?? '');
  return {
    waitFor: { tool: 'deployments_wait', same: [deploymentId, null] },
    look: deploymentRunLook(deploymentId, undefined),
    what: `deployment ${deploymentId}`,
    shown: (state) => state,
    final: (rest, seen) => ({ ...rest, run: seen.run }),
  };
}

/**
 * Waits as the wait tool `waitFor.tool` would for the same target (same look, same shared poll),
 * then puts what the last look saw into the call's result; an error result when it failed or did
 * not finish in time.
 */
async function waitThenMerge(result: Shaped, tc: ToolContext, wait: Wait): Promise<CallToolResult> {
  const { waitFor, what, shown } = wait;
  // A task's wait counts against the tasks cap, not the caller's cap of distinct waits: its request
  // has already left, so refusing the wait now would only hide how the call ends.
  const scope = `task:${randomUUID()}`;
  const own: ToolContext = { ...tc, caller: scope };
  const outcome = await pollUntil(
    own,
    TASK_WAIT_SECONDS,
    waitFor,
    wait.look,
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
  // The call's links and notes stay.
  const structured = wait.final(result.structuredContent, outcome.value);
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
