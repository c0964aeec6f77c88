import { createHash } from 'node:crypto';
import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ServerContext,
} from '@modelcontextprotocol/server';
import { AttemptLines } from '../../audit/journal.js';
import { apiOf, type SendRecord } from '../../client/api.js';
import { ConfirmationEngine } from '../../confirm/engine.js';
import type { Get } from '../../confirm/rules.js';
import type { StorageAccess } from '../../files/env.js';
import { localAccessFor } from '../../files/local.js';
import { transferProgress, transferStatus } from '../../files/progress.js';
import { bindStorage } from '../../files/storage-context.js';
import { type RedactScope, redact } from '../../secrets.js';
import type { CallTask, HandlerEnv, Held, Operation, ToolContext } from '../define.js';
import type { CallDeps } from './deps.js';
import { progressOf, retryProgress } from './progress.js';

/** The pipeline's own view of a call: the handler contract plus the server, request and deps it runs with. */
export interface CallContext extends ToolContext {
  server: McpServer;
  ctx: ServerContext;
  deps: CallDeps;
}

/** The pipeline's own entries, for handlers that run other rows (pipeline.ts passes them). */
export interface Runner {
  /** A whole call of the row under a confirmation held already (its own exit included). */
  call(op: Operation, args: Record<string, unknown>, held: Held): Promise<CallToolResult>;
  /** The row's route, decided and sent as its tool would. */
  route(
    op: Operation,
    args: Record<string, unknown>,
    tc: CallContext,
  ): Promise<CallToolResult | InputRequiredResult>;
}

/**
 * What handlers (and batch items) get: the API as this caller, this call's signal and progress
 * (a task's own when the call runs as one).
 */
export function toolContext(
  server: McpServer,
  ctx: ServerContext,
  deps: CallDeps,
  apiKey: string | undefined,
  record: SendRecord,
  run: Runner,
  task: CallTask | undefined,
  scope: RedactScope,
): CallContext {
  const onRetry = task ? undefined : retryProgress(ctx);
  const caller = deps.callerOf?.(ctx) ?? '';
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
      caller,
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
    caller,
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
    runConfirmed: (op, args, held) => run.call(op, args, held),
    runRoute: (op, args) => run.route(op, args, tc),
    prepare: async (op, args) => op.prepare?.(args, handlerEnv(tc)),
    server,
    ctx,
    deps,
    attempt: (tool, args, target) =>
      new AttemptLines(deps.journal, {
        caller,
        ...clientOf(server),
        tool,
        ...(target === undefined ? {} : { target }),
        args: redact(args, scope),
      }),
  };
  return tc;
}

/** The client's name and version from initialize, when it gave them. */
function clientOf(server: McpServer): { client?: { name: string; version: string } } {
  const info = server.server.getClientVersion();
  return info ? { client: { name: info.name, version: info.version } } : {};
}

/** What rows that make their own requests get (dataset files): the API as this caller, transfer progress, local-path rules. */
export function handlerEnv(tc: CallContext): HandlerEnv {
  return {
    get: tc.get,
    send: (method, path, body, options) =>
      (options?.detached ? tc.api.on(undefined) : tc.api).send(method, path, body),
    storage: tc.storage,
    signal: tc.signal,
    // A task reports transfers in its statusMessage; its request is over by then.
    onProgress: tc.task
      ? transferStatus((message) => void tc.task?.progress(message))
      : transferProgress(tc.ctx),
    policy: tc.deps.files,
    local: localAccessFor(tc.deps.files, tc.caller),
  };
}
