import type { ServerContext } from '@modelcontextprotocol/server';
import type { RetryInfo } from '../client/client.js';

/**
 * When the caller asked for progress (a `progressToken` in `_meta`), each retry of an API request
 * becomes a `notifications/progress` saying what failed and when the next attempt goes out, so the
 * host can show it and keep its request timeout from firing while the server waits out a 429/503.
 * Returns undefined when nobody asked.
 */
export function retryProgress(ctx: ServerContext): ((info: RetryInfo) => void) | undefined {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let progress = 0;
  return (info) => {
    progress += 1;
    const message =
      `${info.method} ${info.path} got ${info.reason}; retrying in ${info.delayMs} ms ` +
      `(retry ${info.attempt} of ${info.maxRetries}).`;
    ctx.mcpReq
      .notify({ method: 'notifications/progress', params: { progressToken, progress, message } })
      .catch(() => {}); // a client that went away does not fail the call
  };
}
