import type { CallToolResult } from '@modelcontextprotocol/server';
import { errorOf } from '../workflows/context.js';
import { stateText } from '../workflows/machine-states.js';
import { pollUntil } from '../workflows/poll.js';
import type { PollRequest } from '../workflows/shared-poll.js';
import type { Settle } from './row.js';

/** Longest a task waits for what its call started: within the task's one-hour ttl. */
export const TASK_WAIT_SECONDS = 3_000;

/**
 * Settles a machine call once the machine is in `state`, with the final machine as the result's
 * `data`. The poll is the wait tools' shared one: a machines_wait on the same machine and state
 * shares its requests.
 */
export function untilMachine(state: 'ready' | 'off'): Settle {
  return async (result, args, tc): Promise<CallToolResult> => {
    const data = result.structuredContent.data as { id?: unknown } | undefined;
    const id = typeof args.id === 'string' ? args.id : String(data?.id ?? '');
    const look = async (request: PollRequest) => {
      const machine = await request<Record<string, unknown>>({
        method: 'GET',
        path: `/machines/${encodeURIComponent(id)}`,
      });
      return { state: String(machine.state), finished: machine.state === state, value: machine };
    };
    const outcome = await pollUntil(
      tc,
      TASK_WAIT_SECONDS,
      { tool: 'machines_wait', same: [id, null, state] },
      look,
      (o, s) => `machine ${id} is ${stateText(o.state)} after ${s} s`,
    );
    if ('refused' in outcome) return errorOf(outcome.refused);
    if (!outcome.finished) {
      return errorOf(
        `machine ${id} is still ${stateText(outcome.state)} after ${outcome.elapsedSeconds} s, not ${state}; call machines_wait to keep waiting.`,
      );
    }
    // The final machine replaces the one the call answered; the call's links and notes stay.
    const structured = { ...result.structuredContent, data: outcome.value };
    const summary = `machine ${id} is ${stateText(outcome.state)} (${outcome.elapsedSeconds} s).`;
    return {
      ...result,
      structuredContent: structured,
      content: [
        { type: 'text', text: JSON.stringify(structured) },
        ...result.content.slice(1),
        { type: 'text', text: summary },
      ],
    };
  };
}
