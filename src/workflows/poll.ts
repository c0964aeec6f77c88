import { AbortedError } from '../client/errors.js';
import type { ToolContext } from './context.js';

/** What one look at the thing waited for found. */
export interface Observation<T> {
  /** The state to report (machine state, event state, "2/3 replicas ready" ...). */
  state: string;
  /** Reached what the caller waits for. */
  finished: boolean;
  /** Will never get there: the reason, which ends the wait as an error. */
  failure?: string;
  value: T;
}

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

/**
 * Looks, then looks again after each interval (the intervals rise, the last repeats) until the
 * observation is finished or failed, or the budget runs out. Each look is one progress
 * notification when the caller asked for them; cancellation ends the wait at once.
 */
export async function pollUntil<T>(
  tc: ToolContext,
  budgetSeconds: number,
  look: () => Promise<Observation<T>>,
  say: (o: Observation<T>, elapsedSeconds: number) => string,
): Promise<WaitOutcome<T>> {
  const started = Date.now();
  const deadline = started + budgetSeconds * 1000;
  const intervals = tc.settings.pollIntervalsMs;
  const elapsed = () => Math.round((Date.now() - started) / 100) / 10;
  for (let polls = 1; ; polls++) {
    const seen = await look();
    await tc.progress(say(seen, elapsed()));
    const remaining = deadline - Date.now();
    if (seen.finished || seen.failure !== undefined || remaining <= 0) {
      return { ...seen, elapsedSeconds: elapsed(), polls };
    }
    const interval = intervals[Math.min(polls - 1, intervals.length - 1)] ?? 10_000;
    await sleep(Math.min(interval, remaining), tc.signal);
  }
}

/** Resolves after `ms`, or rejects at once when the call is cancelled. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AbortedError('The call was cancelled.'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('The call was cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
