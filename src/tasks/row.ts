import type { CallToolResult } from '@modelcontextprotocol/server';
import type { ToolContext } from '../workflows/context.js';

/**
 * How a row runs as a task (the `task` field of an operation row; a row without it never does).
 * The call is validated and confirmed first; the task runs the rest of the same call.
 */
export interface TaskRow {
  /**
   * What the API may already be doing when the task ends early (cancelled, or its server stopped)
   * after the request left, and how to undo it.
   */
  readonly aftermath: string;
  /**
   * After the call succeeded: waits until what it started is finished and returns the final
   * result (of the row's output shape). Without it the task ends with the call's own result.
   */
  readonly settle?: Settle;
  /** Only calls with these arguments run as a task (default: every call of the row). */
  readonly when?: (args: Record<string, unknown>) => boolean;
}

export type Settle = (
  result: CallToolResult & { structuredContent: Record<string, unknown> },
  args: Record<string, unknown>,
  tc: ToolContext,
) => Promise<CallToolResult>;
