import type { CallToolResult } from '@modelcontextprotocol/server';

/**
 * A tool call that runs as a task: the call keeps this signal and progress sink from the start
 * (its confirmation and checks run in the request, its request and waiting in the task), so
 * nothing of it depends on the request after the task is created.
 */
export interface CallTask {
  readonly signal: AbortSignal;
  /** Into the task's statusMessage once it runs. */
  progress(message: string): Promise<void>;
  /**
   * What an early end now leaves behind, in place of the row's `aftermath` (a batch: the items
   * sent so far); stored before the promise resolves.
   */
  sent(aftermath: string): Promise<void>;
  /** Creates the task running `rest` (the call after its confirmation); the CreateTaskResult. */
  start(rest: () => Promise<CallToolResult>): Promise<CallToolResult>;
}

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
   * After the call succeeded: what the task waits for before it completes, with the final state
   * in place of what the call answered. Without it the task ends with the call's own result.
   */
  readonly settle?: SettleTo;
  /** Only calls with these arguments run as a task (default: every call of the row). */
  readonly when?: (args: Record<string, unknown>) => boolean;
}

type MachineTarget = 'ready' | 'off';

/** What a task waits for once its call succeeded (the waits are those of machines_wait and deployments_wait). */
export type SettleTo =
  /** The machine (`id`, else the one the call created) in this state; `data` becomes that machine, the call's event is dropped. */
  | { readonly machine: MachineTarget | ((args: Record<string, unknown>) => MachineTarget) }
  /** The call's machine event done; `event` becomes the finished event, and with `data: 'machine'` `data` the machine as it then is. */
  | { readonly event: 'done'; readonly data?: 'machine' }
  /** The deployment's latest run with all its replicas ready, as `run`. */
  | { readonly deployment: 'ready' };
