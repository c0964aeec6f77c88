import type { CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';

/**
 * The confirmation request a gated call answers with when the client cannot ask the user: an
 * `isError` result (nothing was changed) whose text tells the model what to do, and whose
 * `structuredContent` lets a host render its own confirm button without reading prose. Its shape
 * is this schema, the same for every gated tool and for batch_run.
 */
export const CONFIRMATION_REQUEST = z.object({
  confirmationRequired: z.literal(true),
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

/**
 * Results built by `confirmationResult`, by identity: the exit filter spares their `token`, so an
 * API answer of the same shape (`{confirmationRequired: true, token: …}`) must not pass for one.
 */
const built = new WeakSet<object>();

/** The result: the model-facing text, and the same request as structured content. */
export function confirmationResult(text: string, request: ConfirmationRequest): CallToolResult {
  const result: CallToolResult = {
    isError: true,
    content: [{ type: 'text', text }],
    structuredContent: request,
  };
  built.add(result);
  return result;
}

/** True only for a result `confirmationResult` built in this process, never for one of the same shape. */
export function isConfirmationRequest(result: unknown): result is CallToolResult & {
  structuredContent: ConfirmationRequest;
} {
  return typeof result === 'object' && result !== null && built.has(result);
}
