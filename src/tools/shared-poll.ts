import type { ApiRequest } from '../client/client.js';
import { AbortedError } from '../client/errors.js';
import type { ApiPath } from '../client/paths.js';

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

/** API requests with the key of the waits that share a poll, on the poll's own signal. */
export type PollRequest = <T = unknown>(
  req: Pick<ApiRequest, 'method' | 'query' | 'body'> & { path: ApiPath },
) => Promise<T>;
export type Look<T> = (request: PollRequest) => Promise<Observation<T>>;

/**
 * Waits polling different things (another target or condition) that one caller may have at once.
 * A wait identical to one of them joins its poll and does not count: it adds no request.
 */
export const MAX_WAITS_PER_CALLER = 8;

interface Reader {
  /** Observations of the poll this reader has taken. */
  seen: number;
  wake?: () => void;
}

/**
 * One poll that every identical wait reads: it looks, tells each reader, waits until each has
 * taken the observation, sleeps the next interval (the intervals rise, the last repeats) and looks
 * again, until the observation is finished or failed, a look fails, or its last reader leaves. It
 * runs on its own signal, so a reader that is cancelled stops only its own wait.
 */
class Poll<T> {
  private readonly controller = new AbortController();
  readonly readers = new Set<Reader>();
  latest: Observation<T> | undefined;
  count = 0;
  failed: { error: unknown } | undefined;
  ended = false;
  private caughtUp: (() => void) | undefined;

  constructor(
    private readonly look: Look<T>,
    private readonly request: (signal: AbortSignal) => PollRequest,
    private readonly intervalsMs: readonly number[],
    private readonly onEnd: () => void,
  ) {}

  async run(): Promise<void> {
    const request = this.request(this.controller.signal);
    for (let n = 0; !this.ended; n++) {
      try {
        const seen = await this.look(request);
        if (this.ended) return;
        this.latest = seen;
        this.count += 1;
        if (seen.finished || seen.failure !== undefined) this.end();
        this.wakeAll();
        if (this.ended) return;
        // The poll never runs ahead of its readers: each takes every observation (one progress
        // notification each) before the next interval starts.
        await this.readersCaughtUp();
        if (this.ended) return;
        const interval = this.intervalsMs[Math.min(n, this.intervalsMs.length - 1)] ?? 10_000;
        await sleep(interval, this.controller.signal);
      } catch (error) {
        if (this.ended) return;
        this.failed = { error };
        this.end();
        this.wakeAll();
        return;
      }
    }
  }

  /**
   * The next observation this reader has not taken (a reader that joins takes the newest first),
   * waiting for it until `deadline` (epoch ms; undefined: no limit). Undefined at the deadline;
   * rejects when the poll failed or the reader's call is cancelled.
   */
  async next(reader: Reader, deadline: number | undefined, signal: AbortSignal) {
    for (;;) {
      if (signal.aborted) throw new AbortedError('The call was cancelled.');
      if (this.count > reader.seen && this.latest) {
        reader.seen = this.count;
        return this.latest;
      }
      if (this.failed) throw this.failed.error;
      if (deadline !== undefined && Date.now() >= deadline) return undefined;
      await new Promise<void>((resolve) => {
        const timer =
          deadline === undefined ? undefined : setTimeout(done, Math.max(0, deadline - Date.now()));
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          reader.wake = undefined;
          resolve();
        }
        reader.wake = done;
        signal.addEventListener('abort', done, { once: true });
        this.caughtUp?.();
      });
    }
  }

  /** A reader leaves; with the last one the poll ends at once (its request and sleep are aborted). */
  leave(reader: Reader): void {
    this.readers.delete(reader);
    if (this.readers.size > 0) {
      this.caughtUp?.();
      return;
    }
    if (this.ended) return;
    this.end();
    this.controller.abort();
  }

  /** Resolves once every reader has taken the latest observation and waits for the next, or the poll ended. */
  private readersCaughtUp(): Promise<void> {
    return new Promise((resolve) => {
      this.caughtUp = () => {
        const all = [...this.readers].every((r) => r.wake !== undefined && r.seen === this.count);
        if (!this.ended && !all) return;
        this.caughtUp = undefined;
        resolve();
      };
      this.caughtUp();
    });
  }

  private end(): void {
    this.ended = true;
    this.onEnd();
    this.caughtUp?.();
  }

  private wakeAll(): void {
    for (const reader of this.readers) reader.wake?.();
  }
}

/** A wait's place in a shared poll: read observations from it, leave it when the wait ends. */
export interface Subscription<T> {
  next(deadline: number | undefined, signal: AbortSignal): Promise<Observation<T> | undefined>;
  leave(): void;
}

/**
 * The polls running in one server (every instance of the factory shares it), by API key and
 * target, and how many distinct ones each caller reads.
 */
export class SharedPolls {
  private readonly polls = new Map<string, Poll<unknown>>();
  private readonly byCaller = new Map<string, Map<string, number>>();

  constructor(readonly maxPerCaller = MAX_WAITS_PER_CALLER) {}

  /**
   * Joins the poll of `key` (started with `look` when none runs). Undefined when the caller
   * already reads `maxPerCaller` other polls.
   */
  join<T>(
    caller: string,
    key: string,
    look: Look<T>,
    request: (signal: AbortSignal) => PollRequest,
    intervalsMs: readonly number[],
  ): Subscription<T> | undefined {
    const mine = this.byCaller.get(caller) ?? new Map<string, number>();
    if (!mine.has(key) && mine.size >= this.maxPerCaller) return undefined;
    let poll = this.polls.get(key) as Poll<T> | undefined;
    if (!poll) {
      const started: Poll<T> = new Poll(look, request, intervalsMs, () => {
        if (this.polls.get(key) === started) this.polls.delete(key);
      });
      this.polls.set(key, started as Poll<unknown>);
      void started.run();
      poll = started;
    }
    const reader: Reader = { seen: 0 };
    poll.readers.add(reader);
    mine.set(key, (mine.get(key) ?? 0) + 1);
    this.byCaller.set(caller, mine);
    const joined = poll;
    let left = false;
    return {
      next: (deadline, signal) => joined.next(reader, deadline, signal),
      leave: () => {
        if (left) return;
        left = true;
        joined.leave(reader);
        const count = (mine.get(key) ?? 1) - 1;
        if (count > 0) mine.set(key, count);
        else mine.delete(key);
        if (mine.size === 0 && this.byCaller.get(caller) === mine) this.byCaller.delete(caller);
      },
    };
  }
}

/** Resolves after `ms`, or rejects at once when `signal` aborts; its listener goes with it. */
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
