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

/** The result: the model-facing text, and the same request as structured content. */
export function confirmationResult(text: string, request: ConfirmationRequest): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }], structuredContent: request };
}

/** True for a result built by `confirmationResult`. */
export function isConfirmationRequest(result: unknown): result is CallToolResult & {
  structuredContent: ConfirmationRequest;
} {
  const structured = (result as CallToolResult | undefined)?.structuredContent as
    | Record<string, unknown>
    | undefined;
  return structured?.confirmationRequired === true && typeof structured.token === 'string';
}
