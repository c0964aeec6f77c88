import type { ToolContext } from '../define.js';
import type { Look, Observation } from '../shared-poll.js';

export type { Observation };

export interface WaitOutcome<T> extends Observation<T> {
  elapsedSeconds: number;
  polls: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 50;

/** The time budget of one wait call: the caller's (default 50 s), never above --max-wait-seconds. */
export function budgetOf(timeoutSeconds: unknown, tc: ToolContext): number {
  const asked = typeof timeoutSeconds === 'number' ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
  return Math.min(asked, tc.settings.maxWaitSeconds);
}

/** What a wait waits for: the tool, and everything that makes two of its waits the same wait. */
export interface WaitFor {
  tool: string;
  /** The caller-visible target and condition (ids, wanted state or replicas), not the time budget. */
  same: readonly unknown[];
}

/**
 * Reads observations of `look` until one is finished or failed, or the budget runs out. Identical
 * waits under the same API key share one poll (shared-poll.ts): the API sees one request per
 * interval however many wait. Each observation this wait takes is one progress notification when
 * the caller asked for them; cancellation ends this wait at once (the poll goes on for the others).
 * A caller at its cap of distinct waits is refused before anything is sent.
 */
export async function pollUntil<T>(
  tc: ToolContext,
  budgetSeconds: number,
  waitFor: WaitFor,
  look: Look<T>,
  say: (o: Observation<T>, elapsedSeconds: number) => string,
): Promise<WaitOutcome<T> | { refused: string }> {
  const polls = tc.polls;
  const subscription = polls.join(
    tc.caller,
    JSON.stringify([tc.keyId, waitFor.tool, ...waitFor.same]),
    look,
    (signal) => (req) => tc.requestOn(signal, req),
    tc.settings.pollIntervalsMs,
  );
  if (!subscription) {
    return {
      refused: `${waitFor.tool} refused: this caller already has ${polls.maxPerCaller} waits running on other targets or conditions, the most this server allows at once. Nothing was sent. Call again when one has ended (or cancel one); a wait identical to a running one (same tool and arguments but timeoutSeconds) joins it and is always accepted.`,
    };
  }
  const started = Date.now();
  const deadline = started + budgetSeconds * 1000;
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;
  try {
    // The first observation is awaited whatever the budget: a wait always reports a state.
    let seen = (await subscription.next(undefined, tc.signal)) as Observation<T>;
    for (let taken = 1; ; taken++) {
      await tc.progress(say(seen, elapsed()));
      if (seen.finished || seen.failure !== undefined || Date.now() >= deadline) {
        return { ...seen, elapsedSeconds: elapsed(), polls: taken };
      }
      const next = await subscription.next(deadline, tc.signal);
      if (next === undefined) return { ...seen, elapsedSeconds: elapsed(), polls: taken };
      seen = next;
    }
  } finally {
    subscription.leave();
  }
}
