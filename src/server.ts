import { type McpRequestContext, McpServer, type ServerContext } from '@modelcontextprotocol/server';
import { type Journal, NO_JOURNAL } from './audit/journal.js';
import { PaperspaceClient, type RetryInfo } from './client/client.js';
import { type Config, pinConfigSecrets } from './config/index.js';
import { NO_POLICY, type Policy } from './confirm/policy.js';
import { MemoryRedeemedStore, REDEEM_TIMEOUT_MS, type RedeemedStore } from './confirm/store.js';
import { TokenSigner } from './confirm/token.js';
import { AUDIT_RESOURCES, registerAuditResources } from './resources/audit.js';
import { registerDatasetFileResources } from './resources/dataset-files.js';
import { registerDatasetResources } from './resources/datasets.js';
import { datasetLinks, notifyDatasetChange } from './resources/links.js';
import type { TenantEventBus } from './resources/tenant-events.js';
import { CAPABILITIES, INSTRUCTIONS, SERVER_INFO } from './server-info.js';
import { callTasks } from './tasks/call.js';
import { offerTasks } from './tasks/extension.js';
import { MemoryTaskStore } from './tasks/store.js';
import { Tasks } from './tasks/tasks.js';
import { mentionTools } from './tools/call/errors.js';
import { toolCatalog } from './tools/registry/catalog.js';
import { TOOL_TABLE } from './tools/registry/prebuilt.js';
import { rowOf } from './tools/registry/row-loaders.js';
import { selectTools } from './tools/registry/selection.js';
import { registerOperations } from './tools/registry/serve-tools.js';
import { SharedPolls } from './tools/shared-poll.js';
import { workflowSettings } from './tools/workflows/settings.js';

/** What handlers learn about the caller: the key to use (multi-tenant) and who it is. */
export interface CallerInfo {
  paperspaceKey?: string;
  caller: string;
}

/** Set by the HTTP transport on every request: whose key to use and who is calling. */
const callerInfo = (ctx: ServerContext) => callerOfExtra(ctx.http?.authInfo?.extra);

/** The CallerInfo the HTTP transport put in `authInfo.extra`; undefined off HTTP. */
function callerOfExtra(extra: Record<string, unknown> | undefined): CallerInfo | undefined {
  const caller = extra?.caller;
  if (typeof caller !== 'string') return undefined;
  const key = extra?.paperspaceKey;
  return typeof key === 'string' ? { paperspaceKey: key, caller } : { caller };
}

/** Who is calling: the caller's identity digest over HTTP, '' for the one client of stdio. */
export const callerOf = (ctx: ServerContext): string => callerInfo(ctx)?.caller ?? '';

export interface ServerDeps {
  client: PaperspaceClient;
  /** The HTTP handler's event bus: where 2026-07-28 change notifications go over HTTP, by caller. */
  events?: TenantEventBus;
  /** Waits between polls of the wait tools (tests shorten them); default about 2 s rising to 10 s. */
  pollIntervalsMs?: readonly number[];
  /** Redeemed confirmation tokens; one in-process store for every instance when not given. */
  redeemed?: RedeemedStore;
  /** `host:port` of the sandbox's own S3 emulator: the one private endpoint HTTP callers may reach. */
  sandboxStorage?: string | undefined;
  /** Longest a redeem may take before the confirmed call is refused (default REDEEM_TIMEOUT_MS). */
  redeemTimeoutMs?: number;
  /** The operator's rules, first input of every confirmation decision; none when not given. */
  policy?: Policy;
  /** Where mutating calls are recorded; nowhere when not given. */
  journal?: Journal;
  /** Long calls run as tasks (2026-07-28 clients that opt in); one in-process store when not given. */
  tasks?: Tasks;
}

/** The one Paperspace API client a server process shares, as the configuration sets it up. */
export function apiClientOf(config: Config, onRetry?: (info: RetryInfo) => void): PaperspaceClient {
  return new PaperspaceClient({
    apiKey: config.perRequestKey ? undefined : config.apiKey,
    baseUrl: config.apiUrl,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    ...(onRetry ? { onRetry } : {}),
  });
}

/**
 * The only place that wires tools and resources onto a server. Returns a factory: the SDK's
 * era-aware entry points build one instance per connection (stdio) or per request (stateless HTTP).
 * Selection happens once, here, so a bad --tools name fails at start-up.
 */
export function createServerFactory(
  config: Config,
  deps: ServerDeps,
): (ctx?: McpRequestContext) => McpServer {
  // Selection reads the prebuilt table: no operation row (nor its zod schemas) loads until a call.
  const tools = selectTools(TOOL_TABLE.tools, TOOL_TABLE.toolsets, TOOL_TABLE.defaults, config);
  // The values the exit filter replaces wherever they appear, in results, errors and logs.
  pinConfigSecrets(config);
  // Shared by every instance: a token minted on one request is redeemable on the next.
  const confirmTtlMs = config.confirmTtlSeconds * 1000;
  const signer = new TokenSigner(config.secret, confirmTtlMs);
  const redeemed = deps.redeemed ?? new MemoryRedeemedStore();
  const readRoutes = new Set(TOOL_TABLE.tools.filter((t) => t.kind === 'read').map((t) => t.route.slice(4)));
  const files = {
    roots: config.filesRoots,
    perCaller: config.http,
    readOnly: config.readOnly,
    maxUploadBytes: config.maxUploadBytes,
    // Over stdio the network is the user's own; over HTTP a caller's endpoint must not reach ours.
    storage: {
      timeoutMs: config.timeoutMs,
      refusePrivate: config.http && !config.allowPrivateEndpoints,
      exempt: deps.sandboxStorage,
    },
  };
  const byName = new Map(tools.map((t) => [t.name, t] as const));
  const catalog = toolCatalog(byName.keys());
  const exposed = async (name: string) => {
    const tool = byName.get(name);
    return tool === undefined ? undefined : rowOf(tool);
  };
  const settings = workflowSettings(config, deps.pollIntervalsMs);
  const polls = new SharedPolls();
  const tasks = deps.tasks ?? new Tasks(new MemoryTaskStore());
  const journal = deps.journal ?? NO_JOURNAL;
  return (factoryCtx?: McpRequestContext) => {
    const server = new McpServer(SERVER_INFO, { capabilities: CAPABILITIES, instructions: INSTRUCTIONS });
    const subscribed = new Set<string>();
    // The caller this instance serves (one request over stateless HTTP, one session otherwise).
    const caller = callerOfExtra(factoryCtx?.authInfo?.extra);
    // Per instance (one per request on stateless HTTP) this costs two handlers, not one per tool.
    registerOperations(server, tools, {
      client: deps.client,
      confirm: config.confirm,
      signer,
      redeemed,
      redeemTimeoutMs: deps.redeemTimeoutMs ?? REDEEM_TIMEOUT_MS,
      confirmTtlMs,
      readRoutes,
      policy: deps.policy ?? NO_POLICY,
      journal,
      files,
      settings,
      polls,
      exposed,
      tools: catalog,
      apiKeyFor: (ctx) => callerInfo(ctx)?.paperspaceKey,
      callerOf,
      tasks: callTasks({ tasks, modern: factoryCtx?.era === 'modern', callerOf }),
      onResult: (instance, op, args, structured) => {
        notifyDatasetChange(instance, op, args, {
          era: factoryCtx?.era === 'modern' ? 'modern' : 'legacy',
          bus: deps.events,
          tenant: caller?.caller ?? '',
          subscribed,
        });
        return datasetLinks(op, args, structured);
      },
    });
    const resourceDeps = {
      client: deps.client,
      apiKey: caller?.paperspaceKey,
      storage: files.storage,
      mentionTools: (text: string) => mentionTools(text, catalog),
    };
    // A reload of the operator's rules that changes what is listed tells this session (not a
    // stateless 2026-07-28 request, which lists afresh); the listener ends with the session.
    const stop =
      factoryCtx?.era === 'modern'
        ? undefined
        : deps.policy?.onChange?.((changed) => {
            if (changed.some((name) => catalog.offered.has(name))) server.sendToolListChanged();
          });
    if (stop) {
      const closed = server.server.onclose;
      server.server.onclose = () => {
        stop();
        closed?.();
      };
    }
    registerDatasetResources(
      server,
      resourceDeps,
      deps.policy?.inForce?.() !== undefined || journal.where !== 'none' ? AUDIT_RESOURCES : [],
    );
    registerAuditResources(server, {
      rules: () => deps.policy?.inForce?.(),
      recent: (who, limit) => journal.recent(who, limit),
      journal: journal.where,
      callerOf,
    });
    registerDatasetFileResources(server, resourceDeps);
    // The Tasks extension is a 2026-07-28 one: 2025-era sessions are offered nothing.
    if (factoryCtx?.era === 'modern') offerTasks(server, tasks, callerOf);
    server.server.setRequestHandler('resources/subscribe', async (request) => {
      subscribed.add(request.params.uri);
      return {};
    });
    server.server.setRequestHandler('resources/unsubscribe', async (request) => {
      subscribed.delete(request.params.uri);
      return {};
    });
    return server;
  };
}
