import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ResourceLink,
  ServerContext,
} from '@modelcontextprotocol/server';
import type { PaperspaceClient } from '../client/client.js';
import { NotFoundError } from '../client/errors.js';
import { splitLegacyVersionId } from '../resources/legacy-id.js';
import { idProblem, withArgumentBounds } from './bounds.js';
import { type ConfirmMode, gate } from './confirm/gate.js';
import type { Get } from './confirm/rules.js';
import type { TokenSigner } from './confirm/token.js';
import { type Operation, splitRoute } from './define.js';
import { toolErrorResult } from './errors.js';
import { retryProgress } from './progress.js';
import { redact } from './redact.js';
import { annotationsFor, descriptionOf, standardInput, standardOutput } from './surface.js';

export type { ConfirmMode };

export interface RegisterDeps {
  client: PaperspaceClient;
  confirm: ConfirmMode;
  signer: TokenSigner;
  confirmTtlMs: number;
  /** Every GET route template of the API (the gate derives target routes from it). */
  readRoutes: ReadonlySet<string>;
  /** The Paperspace key of the caller, when keys come per request (multi-tenant HTTP). */
  apiKeyFor?: (ctx: ServerContext) => string | undefined;
  /** Who is calling, for binding confirmation tokens ('' when there is one caller, as on stdio). */
  callerOf?: (ctx: ServerContext) => string;
  /** After a successful call: resource links to add to the result (and any notifications to send). */
  onResult?: (
    server: McpServer,
    op: Operation,
    args: Record<string, unknown>,
    structured: Record<string, unknown>,
  ) => ResourceLink[];
}

/** The only code that registers tools: one MCP tool per operation row. */
export function registerOperations(
  server: McpServer,
  operations: readonly Operation[],
  deps: RegisterDeps,
): void {
  for (const op of operations) {
    server.registerTool(
      op.name,
      {
        title: op.title,
        description: descriptionOf(op),
        inputSchema: withArgumentBounds(standardInput(op)),
        outputSchema: standardOutput(op),
        annotations: annotationsFor(op),
      },
      (args: Record<string, unknown>, ctx: ServerContext) => callOperation(server, op, args, ctx, deps),
    );
  }
}

async function callOperation(
  server: McpServer,
  op: Operation,
  args: Record<string, unknown>,
  ctx: ServerContext,
  deps: RegisterDeps,
): Promise<CallToolResult | InputRequiredResult> {
  try {
    const apiKey = deps.apiKeyFor?.(ctx);
    if (op.legacyVersionId) args = splitVersionArgs(args);
    const { confirm: _token, ...apiArgs } = args;
    const request = buildRequest(op, apiArgs);
    const onRetry = retryProgress(ctx);
    if (op.destructive) {
      const get: Get = (path, query) =>
        deps.client
          .request({ method: 'GET', path, query, apiKey, signal: ctx.mcpReq.signal, onRetry })
          .catch((error) => {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          });
      const outcome = await gate(op, args, ctx, {
        mode: deps.confirm,
        signer: deps.signer,
        ttlMs: deps.confirmTtlMs,
        get,
        caller: deps.callerOf?.(ctx) ?? '',
        server,
        readRoutes: deps.readRoutes,
      });
      if (!outcome.proceed) return outcome.result;
    }
    const response = await deps.client.request({ ...request, signal: ctx.mcpReq.signal, apiKey, onRetry });
    const result = successResult(op, response);
    const links =
      deps.onResult?.(server, op, apiArgs, result.structuredContent as Record<string, unknown>) ?? [];
    if (links.length > 0) result.content.push(...links);
    return result;
  } catch (error) {
    return toolErrorResult(op, error);
  }
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
): { method: string; path: string; query?: Record<string, unknown>; body?: unknown } {
  const { method, path: template } = splitRoute(op.route);
  const rest: Record<string, unknown> = { ...args };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = String(rest[name] ?? '');
    delete rest[name];
    const problem = idProblem(value);
    if (problem) throw new InvalidArgumentError(`${name} ${problem}.`);
    return encodeURIComponent(value);
  });
  for (const [k, v] of Object.entries(rest)) if (v === undefined) delete rest[k];
  if (method === 'GET' || method === 'DELETE') {
    return Object.keys(rest).length > 0 ? { method, path, query: rest } : { method, path };
  }
  return Object.keys(rest).length > 0 ? { method, path, body: rest } : { method, path };
}

export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}

/** structuredContent (always an object, secrets redacted) plus the same as compact text. */
export function successResult(op: Operation, response: unknown): CallToolResult {
  const value = redact(response, op.redact);
  const structured =
    op.wrap === undefined && value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { [op.wrap ?? 'data']: value };
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}
