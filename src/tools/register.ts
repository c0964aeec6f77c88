import { createHash } from 'node:crypto';
import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ResourceLink,
  ServerContext,
} from '@modelcontextprotocol/server';
import type { Journal } from '../audit/journal.js';
import { apiOf, SendRecord } from '../client/api.js';
import type { PaperspaceClient } from '../client/client.js';
import { InvalidArgumentError } from '../client/errors.js';
import { type ApiPath, fillPath, paramNames } from '../client/paths.js';
import { ConfirmationEngine, type ConfirmMode } from '../confirm/engine.js';
import type { Policy } from '../confirm/policy.js';
import { CONFIRMATION_META_KEY, isConfirmationRequest } from '../confirm/request.js';
import type { Get } from '../confirm/rules.js';
import { decide } from '../confirm/spend-cap.js';
import type { RedeemedStore } from '../confirm/store.js';
import type { TokenSigner } from '../confirm/token.js';
import type { FilesPolicy, StorageAccess } from '../files/env.js';
import { localAccessFor } from '../files/local.js';
import { transferProgress } from '../files/progress.js';
import { bindStorage } from '../files/storage-context.js';
import { splitLegacyVersionId } from '../resources/legacy-id.js';
import { type RedactScope, redact, secretsInArgs } from '../secrets.js';
import { callTask, settled } from '../tasks/call.js';
import type { Tasks } from '../tasks/tasks.js';
import {
  type CallTask,
  type ExposedRow,
  type HandlerEnv,
  type Held,
  type Operation,
  splitRoute,
  type ToolContext,
  type WorkflowSettings,
} from './define.js';
import { toolErrorResult, unshapedResult } from './errors.js';
import { progressOf, retryProgress } from './progress.js';
import { serveTools } from './registry/serve-tools.js';
import type { ToolEntry } from './registry/tool-table.js';
import type { SharedPolls } from './shared-poll.js';

export type { ConfirmMode };

export interface RegisterDeps {
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
  /** Where mutating calls are recorded, right before and right after their request. */
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
  /** After a successful call: resource links to add to the result (and any notifications to send). */
  /** The tools this server offers (registerOperations sets it): error hints name only these. */
  selected?: ReadonlySet<string>;
  /** Long calls of rows with a `task` field run as tasks for clients that opt in (callTask). */
  tasks?: Tasks;
  /** The instance serves the 2026-07-28 revision. */
  modern?: boolean;
  onResult?: (
    server: McpServer,
    op: Operation,
    args: Record<string, unknown>,
    structured: Record<string, unknown>,
  ) => ResourceLink[];
}

/**
 * The only code that serves tools: one MCP tool per selected entry of the prebuilt tool table,
 * each run by its operation row (see serveTools).
 */
export function registerOperations(server: McpServer, tools: readonly ToolEntry[], deps: RegisterDeps): void {
  const withSelection = { ...deps, selected: new Set(tools.map((t) => t.name)) };
  serveTools(server, tools, (op, args, ctx) => callOperation(server, op, args, ctx, withSelection));
}

/**
 * A tool call and its single exit: whatever comes back (result, error, gate preview or question)
 * passes the secret filter, with the call's own key and secret arguments added to the known values.
 */
async function callOperation(
  server: McpServer,
  op: Operation,
  args: Record<string, unknown>,
  ctx: ServerContext,
  deps: RegisterDeps,
  held?: Held,
): Promise<CallToolResult | InputRequiredResult> {
  const apiKey = deps.apiKeyFor?.(ctx);
  const secretObjects = op.secretObjects === true;
  const scope: RedactScope = {
    values: [...(apiKey ? [apiKey] : []), ...secretsInArgs(args, secretObjects)],
    secretObjects,
    ...(op.redact ? { keys: op.redact } : {}),
  };
  // The requests that can change something, noted where they leave (the API accessor and this
  // call's storage client), so any error after one says so.
  const record = new SendRecord();
  let result: CallToolResult | InputRequiredResult;
  // A confirmed call of a task row, for a client that opted in, goes on as a task after its gate.
  const task =
    held === undefined && !op.handler
      ? callTask(op, args, ctx, deps, exitOf(op, record, deps, scope))
      : undefined;
  try {
    const tc = toolContext(server, ctx, deps, apiKey, record, task);
    if (op.handler) result = (await held?.before?.()) ?? (await op.handler(args, tc, op));
    else result = await runRoute(op, args, tc, held);
  } catch (error) {
    result = toolErrorResult(op, error, record.any, deps.selected, scope);
  }
  // A row that runs another tool (batch_run) returns that tool's results: its verbatim keys too.
  const verbatim =
    op.verbatim ??
    (op.handler && typeof args.tool === 'string' ? (await deps.exposed(args.tool))?.verbatim : undefined);
  return exitResult(op, result, scope, verbatim);
}

/** A task's end of the call: what the rest returned or threw, through the call's own exit. */
function exitOf(op: Operation, record: SendRecord, deps: RegisterDeps, scope: RedactScope) {
  return async (rest: () => Promise<CallToolResult>): Promise<CallToolResult> => {
    let result: CallToolResult;
    try {
      result = await rest();
    } catch (error) {
      result = toolErrorResult(op, error, record.any, deps.selected, scope);
    }
    return exitResult(op, result, scope, op.verbatim) as CallToolResult;
  };
}

/** The pipeline's own view of a call: the handler contract plus the server, request and deps it runs with. */
interface CallContext extends ToolContext {
  server: McpServer;
  ctx: ServerContext;
  deps: RegisterDeps;
}

/**
 * What handlers (and batch items) get: the API as this caller, this call's signal and progress
 * (a task's own when the call runs as one).
 */
function toolContext(
  server: McpServer,
  ctx: ServerContext,
  deps: RegisterDeps,
  apiKey: string | undefined,
  record: SendRecord,
  task?: CallTask,
): CallContext {
  const onRetry = task ? undefined : retryProgress(ctx);
  const signal = task?.signal ?? ctx.mcpReq.signal;
  const api = apiOf(deps.client, { apiKey, signal, onRetry, record });
  const request: ToolContext['request'] = <T>({
    detached,
    ...req
  }: Parameters<ToolContext['request']>[0]) => {
    if (req.method !== 'GET') record.note(req.method, req.path);
    return deps.client.request<T>({ ...req, ...(detached ? {} : { signal }), apiKey, onRetry });
  };
  const requestOn: ToolContext['requestOn'] = <T>(
    own: AbortSignal,
    req: Parameters<ToolContext['requestOn']>[1],
  ) => {
    if (req.method !== 'GET') record.note(req.method, req.path);
    return deps.client.request<T>({ ...req, signal: own, apiKey });
  };
  const storage: StorageAccess = {
    limits: deps.files.storage,
    onSend: (method, path) => record.note(method, `storage ${path}`),
  };
  const get: Get = bindStorage(api.find, storage);
  const engine = new ConfirmationEngine(
    {
      mode: deps.confirm,
      signer: deps.signer,
      redeemed: deps.redeemed,
      redeemTimeoutMs: deps.redeemTimeoutMs,
      ttlMs: deps.confirmTtlMs,
      get,
      caller: deps.callerOf?.(ctx) ?? '',
      server,
      readRoutes: deps.readRoutes,
      policy: deps.policy,
    },
    ctx,
  );
  const tc: CallContext = {
    api,
    request,
    requestOn,
    engine,
    sent: () => record.any,
    keyId: apiKey ? createHash('sha256').update(apiKey).digest('base64url') : '',
    caller: deps.callerOf?.(ctx) ?? '',
    get,
    storage,
    maxUploadBytes: deps.files.maxUploadBytes,
    signal,
    ...(task ? { wantsProgress: true, progress: task.progress } : progressOf(ctx)),
    task,
    settings: deps.settings,
    polls: deps.polls,
    exposed: deps.exposed,
    // A whole call of the row (its own exit included) without its gate: never a question, only a result.
    runConfirmed: (op, args, held) =>
      callOperation(server, op, args, ctx, deps, held) as Promise<CallToolResult>,
    runRoute: (op, args) => runRoute(op, args, tc),
    prepare: async (op, args) => op.prepare?.(args, handlerEnv(tc)),
    server,
    ctx,
    deps,
  };
  return tc;
}

/** What rows that make their own requests get (dataset files): the API as this caller, transfer progress, local-path rules. */
function handlerEnv(tc: CallContext): HandlerEnv {
  return {
    get: tc.get,
    send: (method, path, body, options) =>
      (options?.detached ? tc.api.on(undefined) : tc.api).send(method, path, body),
    storage: tc.storage,
    signal: tc.signal,
    // A task reports transfers in its statusMessage; its request is over by then.
    onProgress: tc.task
      ? (_done, _total, message) => void tc.task?.progress(message)
      : transferProgress(tc.ctx),
    policy: tc.deps.files,
    local: localAccessFor(tc.deps.files, tc.deps.callerOf?.(tc.ctx) ?? ''),
  };
}

/**
 * One request of the row's route: decision checks (spend cap), the engine's decision (only its
 * policy when `held`: a batch plan holds the confirmation), the journaled call.
 */
async function runRoute(
  op: Operation,
  args: Record<string, unknown>,
  tc: CallContext,
  held?: Held,
): Promise<CallToolResult | InputRequiredResult> {
  const { deps, server } = tc;
  if (op.legacyVersionId) args = splitVersionArgs(args);
  // Rows that make their own requests (dataset files) hold their path ids to the route's rule too.
  if (op.execute) buildRequest(op, args);
  const env = op.execute || op.prepare ? handlerEnv(tc) : undefined;
  const plan = op.prepare && env ? await op.prepare(args, env, held?.plan) : held?.plan;
  const decision = await decide(op, args, tc);
  if (!decision.proceed) return decision.result;
  args = decision.args;
  const { confirm: _token, ...apiArgs } = args;
  const request = op.execute ? undefined : buildRequest(op, apiArgs);
  // Checks right before the request is sent: the caller's (a batch item's target) or the engine's.
  const decided = await tc.engine.decideCall(op, args, {
    held: held !== undefined,
    facts: decision.preview,
    ...(plan ? { plan } : {}),
  });
  if (!decided.proceed) return decided.result;
  const recheck = decided.recheck ?? held?.before;
  const send = async (): Promise<CallToolResult> => {
    const answer = await decision.send(
      // File work reports itself what was transferred when it fails part-way.
      () =>
        journaled(op, apiArgs, tc, () =>
          op.execute && env
            ? op.execute(apiArgs, env, plan)
            : tc.request(request ?? buildRequest(op, apiArgs)),
        ),
      recheck,
    );
    if (!answer.ok) return answer.result;
    const result = successResult(op, answer.value);
    decision.annotate(result);
    const links = deps.onResult?.(server, op, apiArgs, result.structuredContent) ?? [];
    if (links.length > 0) result.content.push(...links);
    return result;
  };
  if (tc.task) return tc.task.start(async () => settled(op, await send(), apiArgs, tc));
  return send();
}

/**
 * A mutating request between the journal's intent (awaited: a rejection means nothing is sent)
 * and its outcome. Reads are not journaled.
 */
async function journaled(
  op: Operation,
  args: Record<string, unknown>,
  tc: CallContext,
  send: () => Promise<unknown>,
): Promise<unknown> {
  if (op.kind === 'read') return send();
  const { journal, callerOf } = tc.deps;
  const intent = { tool: op.name, args, caller: callerOf?.(tc.ctx) ?? '' };
  await journal.intent(intent);
  let value: unknown;
  try {
    value = await send();
  } catch (error) {
    await journal.outcome(intent, { ok: false, sent: tc.sent() });
    throw error;
  }
  await journal.outcome(intent, { ok: true });
  return value;
}

/**
 * The exit: the secret filter over everything, then the output check. A success result whose
 * content does not fit the output schema would be turned into an error by the SDK although the
 * call happened, so it becomes an error result that says so and carries what came back.
 */
function exitResult(
  op: Operation,
  result: CallToolResult | InputRequiredResult,
  scope: RedactScope,
  verbatim: readonly string[] | undefined,
): CallToolResult | InputRequiredResult {
  if (isConfirmationRequest(result)) {
    // The token is this server's own signed value, meant for the agent (the filter would take it for a secret by its name).
    const request = result._meta[CONFIRMATION_META_KEY];
    const safe = redact(result, scope);
    return {
      ...safe,
      _meta: {
        ...safe._meta,
        [CONFIRMATION_META_KEY]: { ...safe._meta[CONFIRMATION_META_KEY], token: request.token },
      },
    };
  }
  if (!isShaped(result)) return redact(result, scope);
  // User content (a file's text) keeps its bytes; only the structured result carries it.
  const structured = redact(result.structuredContent, verbatim ? { ...scope, verbatim } : scope);
  const [, ...rest] = result.content;
  const safe: CallToolResult = {
    content: [{ type: 'text', text: JSON.stringify(structured) }, ...redact(rest, scope)],
    structuredContent: structured,
    ...(result._meta === undefined ? {} : { _meta: redact(result._meta, scope) }),
  };
  const fit = op.output.safeParse(structured);
  // Built from filtered data; filtered again so nothing a schema message quotes can slip out.
  return fit.success ? safe : redact(unshapedResult(op, structured, fit.error), scope);
}

/** A success result as `successResult` builds it: structured content, mirrored as the first text. */
function isShaped(
  result: CallToolResult | InputRequiredResult,
): result is CallToolResult & { structuredContent: Record<string, unknown> } {
  const r = result as CallToolResult;
  return r.isError !== true && r.structuredContent !== undefined && Array.isArray(r.content);
}

/** `datasetId: "dsXXXX:v2"` without version → `datasetId: "dsXXXX", version: "v2"`. */
function splitVersionArgs(args: Record<string, unknown>): Record<string, unknown> {
  if (args.version !== undefined) return args;
  const legacy = splitLegacyVersionId(String(args.datasetId ?? ''));
  if (!legacy) {
    throw new InvalidArgumentError(
      'version is required: give datasetId and version, or datasetId as datasetId:version (e.g. "dsr8k5qz1:v3").',
    );
  }
  return { ...args, ...legacy };
}

/** Maps validated arguments onto the route: path params, then query (GET/DELETE) or JSON body. */
export function buildRequest(
  op: Operation,
  args: Record<string, unknown>,
): { method: string; path: ApiPath; query?: Record<string, unknown>; body?: unknown } {
  const { method, path: template } = splitRoute(op.route);
  const path = fillPath(template, args);
  const rest: Record<string, unknown> = { ...args };
  for (const name of paramNames(template)) delete rest[name];
  for (const [k, v] of Object.entries(rest)) if (v === undefined) delete rest[k];
  if (method === 'GET' || method === 'DELETE') {
    return Object.keys(rest).length > 0 ? { method, path, query: rest } : { method, path };
  }
  return Object.keys(rest).length > 0 ? { method, path, body: rest } : { method, path };
}

/** structuredContent (always an object) plus the same as compact text; the exit filters both. */
export function successResult(
  op: Operation,
  response: unknown,
): CallToolResult & { structuredContent: Record<string, unknown> } {
  const structured =
    op.wrap === undefined && response !== null && typeof response === 'object' && !Array.isArray(response)
      ? (response as Record<string, unknown>)
      : { [op.wrap ?? 'data']: response };
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}
