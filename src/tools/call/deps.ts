import type { CallToolResult, McpServer, ResourceLink, ServerContext } from '@modelcontextprotocol/server';
import type { Journal } from '../../audit/journal.js';
import type { PaperspaceClient } from '../../client/client.js';
import type { ConfirmMode } from '../../confirm/engine.js';
import type { Policy } from '../../confirm/policy.js';
import type { RedeemedStore } from '../../confirm/store.js';
import type { TokenSigner } from '../../confirm/token.js';
import type { FilesPolicy } from '../../files/env.js';
import type { CallTask, ExposedRow, Operation, ToolContext, WorkflowSettings } from '../define.js';
import type { SharedPolls } from '../shared-poll.js';
import type { ToolCatalog } from './errors.js';

export type { ConfirmMode };

/** What every call of a server instance runs with (server.ts builds it once per instance). */
export interface CallDeps {
  client: PaperspaceClient;
  confirm: ConfirmMode;
  signer: TokenSigner;
  redeemed: RedeemedStore;
  /** Longest a confirmation's redeem may take before the call is refused (nothing sent). */
  redeemTimeoutMs: number;
  confirmTtlMs: number;
  /** Every GET route template of the API (the engine derives target routes from it). */
  readRoutes: ReadonlySet<string>;
  /** The operator's rules: the first input of every confirmation decision. */
  policy: Policy;
  /** The audit journal: every attempt to change something, before and after its request. */
  journal: Journal;
  /** Local-path rules and upload cap for the dataset file tools. */
  files: FilesPolicy;
  /** The Paperspace key of the caller, when keys come per request (multi-tenant HTTP). */
  apiKeyFor?: (ctx: ServerContext) => string | undefined;
  /** Who is calling, for binding confirmation tokens ('' when there is one caller, as on stdio). */
  callerOf?: (ctx: ServerContext) => string;
  /** Operator settings for the workflow tools and the decision points (spend cap, defaults). */
  settings: WorkflowSettings;
  /** The polls of running waits, shared by identical waits and capped per caller. */
  polls: SharedPolls;
  /** The row of a tool this server exposes (what batch_run may reach), by name; undefined if not exposed. */
  exposed: ExposedRow;
  /** The tools error hints may name: those this server offers, and how to load the others. */
  tools: ToolCatalog;
  /** Long calls of rows with a `task` field run as tasks for clients that opt in. */
  tasks?: CallTasks;
  /** After a successful call: resource links to add to the result (and any notifications to send). */
  onResult?: (
    server: McpServer,
    op: Operation,
    args: Record<string, unknown>,
    structured: Record<string, unknown>,
  ) => ResourceLink[];
}

/** How the calls of task rows run as tasks on one server instance (src/tasks/call.ts builds it). */
export interface CallTasks {
  /**
   * The task for this call when its row can run as one and the request opted in to the extension;
   * undefined otherwise. `exit` turns what the rest of the call returned or threw into the task's
   * result, as the call's own exit would.
   */
  taskFor(
    op: Operation,
    args: Record<string, unknown>,
    ctx: ServerContext,
    exit: (rest: () => Promise<CallToolResult>) => Promise<CallToolResult>,
  ): CallTask | undefined;
  /** The call's result once what it started is finished (the row's settle), inside the task. */
  settled(
    op: Operation,
    result: CallToolResult,
    args: Record<string, unknown>,
    tc: ToolContext,
  ): Promise<CallToolResult>;
}
