import type { McpServer, Tool } from '@modelcontextprotocol/server';
import type { Operation } from './define.js';
import { toolDefinition } from './surface.js';

const lists = new WeakMap<readonly Operation[], { tools: Tool[] }>();

/** Answers tools/list from the definitions of exactly these operations, built once per process. */
export function serveToolList(server: McpServer, operations: readonly Operation[]): void {
  let result = lists.get(operations);
  if (!result) {
    result = { tools: operations.map(toolDefinition) };
    lists.set(operations, result);
  }
  const cached = result;
  server.server.setRequestHandler('tools/list', () => cached);
}
