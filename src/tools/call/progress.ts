import type { ServerContext } from '@modelcontextprotocol/server';
import type { RetryInfo } from '../../client/client.js';

/**
 * Progress of one call: every notification of a call counts up from one shared counter, so retry
 * notices and a workflow's own progress (polls, batch items) never go backwards.
 */
const counters = new WeakMap<object, { n: number }>();

function send(ctx: ServerContext, message: string, total?: number): Promise<void> {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return Promise.resolve();
  let counter = counters.get(ctx.mcpReq);
  if (!counter) {
    counter = { n: 0 };
    counters.set(ctx.mcpReq, counter);
  }
  counter.n += 1;
  const params: Record<string, unknown> = { progressToken, progress: counter.n, message };
  if (total !== undefined) params.total = Math.max(total, counter.n);
  return ctx.mcpReq
    .notify({ method: 'notifications/progress', params } as Parameters<typeof ctx.mcpReq.notify>[0])
    .catch(() => {}) // a client that went away does not fail the call
    .then(settle);
}

/**
 * A short pause after each progress notification: client SDKs drop a notification that they
 * handle after the call's result, and a result can follow the last notification at once.
 */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

/**
 * When the caller asked for progress (a `progressToken` in `_meta`), each retry of an API request
 * becomes a `notifications/progress` saying what failed and when the next attempt goes out, so the
 * host can show it and keep its request timeout from firing while the server waits out a 429/503.
 * Returns undefined when nobody asked.
 */
export function retryProgress(ctx: ServerContext): ((info: RetryInfo) => void) | undefined {
  if (ctx.mcpReq._meta?.progressToken === undefined) return undefined;
  return (info) =>
    void send(
      ctx,
      `${info.method} ${info.path} got ${info.reason}; retrying in ${info.delayMs} ms ` +
        `(retry ${info.attempt} of ${info.maxRetries}).`,
    );
}

/** A workflow's own progress (a poll, a batch item): sent only when the caller asked for progress. */
export function progressOf(ctx: ServerContext): {
  wantsProgress: boolean;
  /** Resolves once the notification is handed to the transport, so it goes out before the result. */
  progress: (message: string, total?: number) => Promise<void>;
} {
  return {
    wantsProgress: ctx.mcpReq._meta?.progressToken !== undefined,
    progress: (message, total) => send(ctx, message, total),
  };
}
