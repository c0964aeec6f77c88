import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type { Operation } from '../define.js';

/** A success result as `successResult` builds it: structured content, mirrored as the first text. */
export type ShapedResult = CallToolResult & { structuredContent: Record<string, unknown> };

/** structuredContent (always an object) plus the same as compact text; the exit filters both. */
export function successResult(op: Operation, response: unknown): ShapedResult {
  const structured =
    op.wrap === undefined && response !== null && typeof response === 'object' && !Array.isArray(response)
      ? (response as Record<string, unknown>)
      : { [op.wrap ?? 'data']: response };
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/** Whether a result is a success shaped by `successResult` (the exit then checks it against the output schema). */
export function isShaped(result: CallToolResult | InputRequiredResult): result is ShapedResult {
  const r = result as CallToolResult;
  return r.isError !== true && r.structuredContent !== undefined && Array.isArray(r.content);
}
