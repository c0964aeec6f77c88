import type { McpRequestContext, McpServer } from '@modelcontextprotocol/server';
import type { Config } from './config/index.js';
import { apiClientOf, createServerFactory, type ServerDeps } from './server.js';

/**
 * The package's import entry (`import { createServer, loadConfig } from 'paperspace-mcp'`). Importing
 * it starts nothing: no listener, no stdin, no sandbox. The `paperspace-mcp` command is dist/index.js.
 */
export { type Config, ConfigError, loadConfig } from './config/index.js';

/**
 * A factory of MCP servers over `config` (from loadConfig): each call makes one server with the
 * selected tools and resources, for one connection (stdio) or one request (stateless HTTP); connect
 * it to a transport of your choice. The Paperspace client is shared by every server it makes, and
 * is built from the configuration unless `deps.client` is given.
 */
export function createServer(
  config: Config,
  deps: Partial<ServerDeps> = {},
): (ctx?: McpRequestContext) => McpServer {
  return createServerFactory(config, { ...deps, client: deps.client ?? apiClientOf(config) });
}
