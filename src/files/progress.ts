import type { ServerContext } from '@modelcontextprotocol/server';
import type { OnProgress } from './transfer.js';

/** At most one progress notification per interval, except when a file finishes. */
const INTERVAL_MS = 200;

/**
 * Transfers report bytes as `notifications/progress` (progress = bytes so far, total = all bytes)
 * when the caller asked for progress; undefined otherwise. Strictly increasing, as the spec asks.
 */
export function transferProgress(ctx: ServerContext): OnProgress | undefined {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let last = -1;
  let sentAt = 0;
  return (done, total, message) => {
    const now = Date.now();
    const finished = message.startsWith('uploaded ') || done === total;
    if (done <= last || (!finished && now - sentAt < INTERVAL_MS)) return;
    last = done;
    sentAt = now;
    ctx.mcpReq
      .notify({ method: 'notifications/progress', params: { progressToken, progress: done, total, message } })
      .catch(() => {}); // a client that went away does not fail the transfer
  };
}

/**
 * Transfers in a task's statusMessage (`say`): the step and the bytes so far of all, at most one
 * per interval, except when a file finishes.
 */
export function transferStatus(say: (message: string) => void): OnProgress {
  let sentAt = 0;
  return (done, total, message) => {
    const now = Date.now();
    const finished = message.startsWith('uploaded ') || done === total;
    if (!finished && now - sentAt < INTERVAL_MS) return;
    sentAt = now;
    say(`${message}: ${done} of ${total} bytes`);
  };
}
