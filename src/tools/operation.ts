import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { AttemptLines } from '../audit/journal.js';
import type { Api } from '../client/api.js';
import type { ApiRequest } from '../client/client.js';
import type { ApiPath } from '../client/paths.js';
import type { ApiRoute } from '../client/routes.js';
import type { ConfirmationEngine, Decided } from '../confirm/engine.js';
import type { ConfirmRule, CostClass, Get, LocalPlan } from '../confirm/rules.js';
import type { FilesEnv, StorageAccess } from '../files/env.js';
import type { LinkTarget } from '../resources/links.js';
import { isOneOf } from '../types/narrow.js';
import type { SharedPolls } from './shared-poll.js';
import type { ToolsetName } from './toolset-names.js';

/**
 * An operation row (one tool) and the contract of what runs it: what a row's `handler` is given
 * (ToolContext), how a row runs as a task (TaskRow), and the results handlers build. The call
 * pipeline implements the contract; rows and workflows only use it. The field builders rows are
 * written with are in define.ts.
 */

/** What a row's own handler gets: API access with the caller's key, the call's signal, progress. */
export type HandlerEnv = FilesEnv;

/**
 * What a call does, from the caller's side: `read` (GET), `create`, `update`, `action` (start,
 * stop, restore …) or `delete`. The tool annotations are derived from it (see surface.ts).
 */
export type Kind = 'read' | 'create' | 'update' | 'action' | 'delete';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];
/**
 * The routes of rows whose work is no request the API reference lists: a dataset version's files
 * live in its storage bucket (the routes name them as a resource), and `batch_run` runs other tools.
 */
export type OwnRoute =
  | 'GET /datasets/{datasetId}/versions/{version}/files'
  | 'PUT /datasets/{datasetId}/versions/{version}/files'
  | 'DELETE /datasets/{datasetId}/versions/{version}/files'
  | 'POST /{tool}';
/** A row's route: an operation of the API reference (src/client/routes.ts), or one of the own routes. */
export type Route = ApiRoute | OwnRoute;

/**
 * One Paperspace API operation, described as data. `registerOperations()` turns every row into an
 * MCP tool; a new operation is a new row and nothing else.
 *
 * The contract tests hold every row to the committed API reference (test/contract/api-reference.json)
 * field by field: route, input field names, required flags, types, enums, formats, defaults and
 * stated bounds, and the response fields of the output. What a row has on purpose that the API
 * does not is declared on the row, so the test knows it: `composite` for tools that compose
 * several calls (they have no reference entry), `extraInputs` for input fields the API lacks.
 */
export interface Operation {
  /** Tool name: the catalog id, `^[a-z][a-z0-9_]{0,63}$`. */
  readonly name: string;
  readonly toolset: ToolsetName;
  readonly title: string;
  /** 1–3 sentences: what it does, when to use it, what comes back, the related tool. */
  readonly description: string;
  readonly kind: Kind;
  /** `METHOD /path/{param}`: path params are filled from the input field of the same name. */
  readonly route: Route;
  /**
   * Input fields under their API names. Path params fill the route; the rest go to the query
   * string for GET/DELETE and to the JSON body otherwise. Build it once, at module scope.
   */
  readonly input: z.ZodObject;
  /** Schema of `structuredContent` (always an object; see `wrap`). Build it once, at module scope. */
  readonly output: z.ZodType;
  /**
   * For operations whose answer is not always an object (an array, or object-or-array): the
   * answer is always returned as `{ [wrap]: response }`, so structured output has one shape.
   */
  readonly wrap?: 'items' | 'data';
  /**
   * The call is gated behind a confirmation (possibly only for some arguments: see the tool's rule
   * in src/confirm/rules.ts). Every operation the API reference calls destructive is gated, and more:
   * anything that can lose data, money, access or an address, or grant privilege.
   */
  readonly gated?: true;
  /**
   * Why the call asks, or why it does not: a gated row's rule (what it guards, the target, when
   * it is dangerous, facts, undo), or `never` with the reason a write runs unconfirmed. Every
   * write row has one (registry/all-rows.ts makes a missing one a type error); docs/SECURITY.md lists them.
   */
  readonly confirm?: ConfirmRule | { readonly never: string };
  /**
   * The call changes what runs and so what is billed: checked against --max-hourly-spend before
   * it is sent (and before a preview), and its result states the hourly cost. `machine-create`
   * also takes the operator's default auto-shutdown; a `deployment`'s cost goes into its preview.
   */
  readonly cost?: CostClass;
  /** Overrides the method-derived idempotentHint (POST/PATCH actions that are safe to repeat). */
  readonly idempotent?: boolean;
  /**
   * The row names a dataset version by `datasetId` + `version`, and also accepts the Gradient
   * CLI's `datasetId:version` in datasetId (version omitted); the registrar splits it.
   */
  readonly legacyVersionId?: true;
  /** The tool composes several API calls (waiting, costs, batches, files): no reference entry. */
  readonly composite?: true;
  /**
   * Input fields that are not the API's, each with the reason it exists (e.g. a local `sourcePath`).
   * The registrar's own `confirm` needs no entry. Extra inputs never reach the API request unless
   * the row's handler sends them.
   */
  readonly extraInputs?: Readonly<Record<string, string>>;
  /**
   * For rows whose work is not the route's one API request (dataset files on S3, create-and-upload):
   * runs in its place, after the legacy-id split, `prepare` and the confirmation gate; its answer is
   * shaped and linked like an API response. The route names the resource and sets the annotations.
   */
  readonly execute?: (args: Record<string, unknown>, env: HandlerEnv, plan?: LocalPlan) => Promise<unknown>;
  /**
   * Runs before the confirmation and plans the local side of the call (the files of an upload or
   * a download, with their digest): the plan travels beside the arguments, the confirmation is
   * bound to it, and `execute` gets it. `planned`: a plan made already (batch_run plans its items
   * before their confirmation), which is kept.
   */
  readonly prepare?: (
    args: Record<string, unknown>,
    env: HandlerEnv,
    planned?: LocalPlan,
  ) => Promise<LocalPlan | undefined>;
  /** Response keys (at any depth) whose values are replaced by "[redacted]", on top of the global ones. */
  readonly redact?: readonly string[];
  /**
   * The row's payloads are `{ name, value }` objects whose `value` is a secret (the secrets
   * tools): the values in its arguments and results are filtered as secrets.
   */
  readonly secretObjects?: true;
  /**
   * The resources its result items name, each linked (`resource_link`): datasets, their versions,
   * or files of a version. A row with links that writes also changes those resources, so their
   * subscribers hear of it.
   */
  readonly links?: LinkTarget;
  /**
   * Result keys that carry the user's own content (a file's text): returned as they are, without
   * name-pattern redaction; known secret values are still replaced (and the row refuses content
   * that holds one before it gets here).
   */
  readonly verbatim?: readonly string[];
  /**
   * Composes client calls instead of sending the one request of `route` (composite rows, and list
   * rows with client-side filters). A composite row's `route` is its principal request, which only
   * sets the annotations.
   */
  readonly handler?: Handler;
  /** The row can run as a task (2026-07-28 clients with the tasks extension); nothing else decides it. */
  readonly task?: TaskRow;
}

/** A composite row: not one API operation, so the reference does not list it. */
export const isComposite = (op: Operation) => op.composite === true;

/** Extracts method and path of a route. */
export function splitRoute(route: Route): { method: Method; path: string } {
  const space = route.indexOf(' ');
  const method = route.slice(0, space);
  // Unreachable: every Route starts with a method.
  if (!isOneOf(METHODS, method)) throw new Error(`The route ${route} names no HTTP method.`);
  return { method, path: route.slice(space + 1) };
}

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

/** A check run right before a request is sent: a result refuses the call in its place. */
export type Before = () => Promise<CallToolResult | undefined>;

/**
 * A call under a confirmation given already (a batch plan's): `before` runs right before its
 * request is sent, and `plan` is the local plan that was confirmed (kept, not made again).
 */
export interface Held {
  before?: Before;
  plan?: LocalPlan;
  /** What the plan's decision was (its confirmation's id), recorded with the item. */
  decided?: Decided;
  /** In a task, what the call's progress is prefixed with there (a batch item's "item 2 of 3"). */
  label?: string;
}

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
  /** Who is calling ('' when there is one caller, as on stdio): what the cap of distinct waits counts by. */
  caller: string;
  /** The API as this caller, on this call's signal and retry progress, noting what it sends. */
  api: Api;
  /** GET that resolves undefined on 404 (what the confirmation rules fetch targets with). */
  get: Get;
  /** How this call reaches storage providers (dataset files). */
  storage: StorageAccess;
  /** Largest total a dataset file upload may have (--max-upload-bytes). */
  maxUploadBytes: number;
  signal: AbortSignal;
  /** True when the caller gave a progressToken. */
  wantsProgress: boolean;
  /**
   * One notifications/progress (progress counts up by one per call) when the caller asked for it;
   * await it so the last one goes out before the result.
   */
  progress(message: string, total?: number): Promise<void>;
  settings: WorkflowSettings;
  /** The polls of running waits, shared by identical waits and capped per caller. */
  polls: SharedPolls;
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
  /** This caller's lines in the audit journal for one attempt (its arguments redacted as the exit does). */
  attempt(tool: string, args: Record<string, unknown>, target?: string): AttemptLines;
}

export type Handler = (
  args: Record<string, unknown>,
  tc: ToolContext,
  op: Operation,
) => Promise<CallToolResult | InputRequiredResult>;

type MachineTarget = 'ready' | 'off';

/**
 * What a task waits for once its call succeeded (the waits are those of machines_wait and
 * deployments_wait; src/tasks/settle.ts runs them).
 */
export type SettleTo =
  /** The machine (`id`, else the one the call created) in this state; `data` becomes that machine, the call's event is dropped. */
  | { readonly machine: MachineTarget | ((args: Record<string, unknown>) => MachineTarget) }
  /** The call's machine event done; `event` becomes the finished event, and with `data: 'machine'` `data` the machine as it then is. */
  | { readonly event: 'done'; readonly data?: 'machine' }
  /** The deployment's latest run with all its replicas ready, as `run`. */
  | { readonly deployment: 'ready' };

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
