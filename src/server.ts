import { McpServer, type ServerContext } from '@modelcontextprotocol/server';
import type { PaperspaceClient } from './client/client.js';
import type { Config } from './config.js';
import { TokenSigner } from './tools/confirm/token.js';
import { OPERATIONS } from './tools/operations.js';
import { registerOperations } from './tools/register.js';
import { selectOperations } from './tools/select.js';
import type { CallerInfo } from './transports/http.js';
import { VERSION } from './version.js';

/** Set by the HTTP transport on every request: whose key to use and who is calling. */
const callerInfo = (ctx: ServerContext) => ctx.http?.authInfo?.extra as CallerInfo | undefined;

export interface ServerDeps {
  client: PaperspaceClient;
}

/**
 * The only place that wires tools (and later resources) onto a server. Returns a factory: the SDK's
 * era-aware entry points build one instance per connection (stdio) or per request (stateless HTTP).
 * Selection happens once, here, so a bad --tools name fails at start-up.
 */
export function createServerFactory(config: Config, deps: ServerDeps): () => McpServer {
  const operations = selectOperations(OPERATIONS, config);
  // Shared by every instance: a token minted on one request is redeemable on the next.
  const confirmTtlMs = config.confirmTtlSeconds * 1000;
  const signer = new TokenSigner(config.secret, confirmTtlMs);
  const readRoutes = new Set(OPERATIONS.filter((o) => o.kind === 'read').map((o) => o.route.slice(4)));
  return () => {
    const server = new McpServer(
      { name: 'paperspace-mcp', title: 'Paperspace', version: VERSION },
      {
        capabilities: { tools: {} },
        instructions:
          'Tools for the Paperspace GPU cloud. Lists are paged: pass nextPage back as after. ' +
          'Destructive tools ask for confirmation.',
      },
    );
    registerOperations(server, operations, {
      client: deps.client,
      confirm: config.confirm,
      signer,
      confirmTtlMs,
      readRoutes,
      apiKeyFor: (ctx) => callerInfo(ctx)?.paperspaceKey,
      callerOf: (ctx) => callerInfo(ctx)?.caller ?? '',
    });
    return server;
  };
}
