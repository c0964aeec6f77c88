import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ServerContext,
} from '@modelcontextprotocol/server';
import type { Api } from '../client/api.js';
import type { ApiRequest } from '../client/client.js';
import type { ApiPath } from '../client/paths.js';
import type { ConfirmationEngine } from '../confirm/engine.js';
import type { Get, LocalPlan } from '../confirm/rules.js';
import type { StorageAccess } from '../files/env.js';
import type { CallTask } from '../tasks/row.js';
import type { CallDeps, Held } from '../tools/call/deps.js';
import type { Operation } from '../tools/define.js';

/** Operator settings the workflow tools and the decision points (spend cap, defaults) follow. */
export interface WorkflowSettings {
  /** Upper bound of a wait tool's timeoutSeconds (--max-wait-seconds). */
  maxWaitSeconds: number;
  /** USD per hour the running machines may burn at most (--max-hourly-spend); undefined: no cap. */
  maxHourlySpend: number | undefined;
  /** Machine type → USD per hour, from --rates FILE. */
  rates: Readonly<Record<string, number>>;
  /** Auto-shutdown hours given to machines_create calls that leave it unset (--default-auto-shutdown-hours). */
  defaultAutoShutdownHours: number | undefined;
  /** Waits between polls, in ms: the last one repeats (about 2 s rising to 10 s by default). */
  pollIntervalsMs: readonly number[];
}

export const DEFAULT_POLL_INTERVALS_MS = [2_000, 3_000, 5_000, 8_000, 10_000] as const;

/** The row of an exposed tool by name (its area loads on first use); undefined when not exposed. */
export type ExposedRow = (name: string) => Promise<Operation | undefined>;

/** What a row's handler can use: the API as the caller, the call's signal, progress, settings. */
export interface ToolContext {
  /**
   * One API request with the caller's key, this call's abort signal and retry progress; a
   * `detached` one is not cancelled with the call (clean-up after a cancellation).
   */
  request<T = unknown>(
    req: Pick<ApiRequest, 'method' | 'query' | 'body'> & { path: ApiPath; detached?: boolean },
  ): Promise<T>;
  /**
   * The same request on a signal of its own and without this call's progress: for work several
   * calls share (a shared poll), which one caller's cancellation must not end.
   */
  requestOn<T = unknown>(
    signal: AbortSignal,
    req: Pick<ApiRequest, 'method' | 'query' | 'body'> & { path: ApiPath },
  ): Promise<T>;
  /** The confirmation decision for this call's caller: single calls, batch plans and items. */
  engine: ConfirmationEngine;
  /** Whether a request that can change something went out during this call (API or storage). */
  sent(): boolean;
  /** Names the API key this call uses (a digest; '' for the server's own): shared work never crosses keys. */
  keyId: string;
  /** The API as this caller, on this call's signal and retry progress, noting what it sends. */
  api: Api;
  /** GET that resolves undefined on 404 (what the confirmation rules fetch targets with). */
  get: Get;
  /** How this call reaches storage providers (dataset files). */
  storage: StorageAccess;
  signal: AbortSignal;
  /** True when the caller gave a progressToken. */
  wantsProgress: boolean;
  /**
   * One notifications/progress (progress counts up by one per call) when the caller asked for it;
   * await it so the last one goes out before the result.
   */
  progress(message: string, total?: number): Promise<void>;
  settings: WorkflowSettings;
  /** The row of a tool this server exposes to this caller (toolsets, --tools, --read-only applied). */
  exposed: ExposedRow;
  /**
   * Runs one row as its tool would, minus its own confirmation (the caller holds a plan's).
   * `held.before` runs right before the request is sent (a result it returns is the call's,
   * unsent); `held.plan` is the local plan confirmed for it.
   */
  runConfirmed(op: Operation, args: Record<string, unknown>, held: Held): Promise<CallToolResult>;
  /** What the row's `prepare` plans for these arguments (a local upload's files), as its call would. */
  prepare(op: Operation, args: Record<string, unknown>): Promise<LocalPlan | undefined>;
  /** Runs the row's own route (for handlers that only sometimes compose). */
  runRoute(op: Operation, args: Record<string, unknown>): Promise<CallToolResult | InputRequiredResult>;
  /** Set when the call runs as a task: its request and waiting continue there. */
  task?: CallTask | undefined;
  server: McpServer;
  ctx: ServerContext;
  deps: CallDeps;
}

export type Handler = (
  args: Record<string, unknown>,
  tc: ToolContext,
  op: Operation,
) => Promise<CallToolResult | InputRequiredResult>;

/**
 * A successful result: structuredContent mirrored as the first text (the registrar's exit filters
 * and rebuilds that one), then a summary line for models.
 */
export function resultOf(structured: Record<string, unknown>, summary?: string): CallToolResult {
  const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(structured) }];
  if (summary) content.push({ type: 'text', text: summary });
  return { content, structuredContent: structured };
}

/** An error result the agent can act on. */
export const errorOf = (text: string): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text }],
});
