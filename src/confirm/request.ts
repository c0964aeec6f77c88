import type { CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';

/** The `_meta` key of a confirmation request, for hosts that render their own confirm button. */
export const CONFIRMATION_META_KEY = 'paperspace-mcp/confirmation';

/**
 * The confirmation request a gated call answers with when the client cannot ask the user: an
 * `isError` result (nothing was changed) whose text tells the model what to do, and whose
 * `_meta["paperspace-mcp/confirmation"]` lets a host render its own confirm button without reading
 * prose. Never `structuredContent`: clients (SDK 1.x, the Inspector) validate that against the
 * tool's output schema even on error results. Its shape is this schema, the same for every gated
 * tool and for batch_run.
 */
export const CONFIRMATION_REQUEST = z.object({
  /** The tool to call again, with the same arguments plus `confirm: token`. */
  tool: z.string(),
  /** The target as the API reports it now, on one line; null when the call has no existing target. */
  target: z.string().nullable(),
  /** What the call would do or lose: the rule's reason, then facts (one line each). */
  consequences: z.array(z.string()),
  undo: z.string(),
  token: z.string(),
  /** ISO 8601 time after which the token is refused. */
  expiresAt: z.string(),
});
export type ConfirmationRequest = z.infer<typeof CONFIRMATION_REQUEST>;

type RequestResult = CallToolResult & { _meta: { [CONFIRMATION_META_KEY]: ConfirmationRequest } };

/**
 * Results built by `confirmationResult`, by identity: the exit filter spares their `token`, so an
 * answer of the same shape (an API's `_meta` with that key and a `token`) must not pass for one.
 */
const built = new WeakSet<object>();

/** The result: the model-facing text, and the same request in `_meta` for hosts. */
export function confirmationResult(text: string, request: ConfirmationRequest): CallToolResult {
  const result: RequestResult = {
    isError: true,
    content: [{ type: 'text', text }],
    _meta: { [CONFIRMATION_META_KEY]: request },
  };
  built.add(result);
  return result;
}

/** True only for a result `confirmationResult` built in this process, never for one of the same shape. */
export function isConfirmationRequest(result: unknown): result is RequestResult {
  return typeof result === 'object' && result !== null && built.has(result);
}
