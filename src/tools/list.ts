import type { McpServer, Tool } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Operation } from './define.js';
import { annotationsFor, descriptionOf, inputSchemaOf } from './register.js';

/**
 * tools/list as the model sees it, built once per process rather than per request (stateless HTTP
 * builds a server per request): JSON Schemas without the `$schema` line, which every client
 * already assumes, and annotations without a second copy of the title.
 */
const definitions = new WeakMap<Operation, Tool>();
const lists = new WeakMap<readonly Operation[], { tools: Tool[] }>();

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

export function toolDefinition(op: Operation): Tool {
  let tool = definitions.get(op);
  if (!tool) {
    tool = {
      name: op.name,
      title: op.title,
      description: descriptionOf(op),
      inputSchema: jsonSchema(inputSchemaOf(op), 'input') as Tool['inputSchema'],
      outputSchema: jsonSchema(op.output, 'output') as Tool['outputSchema'],
      annotations: annotationsFor(op),
    };
    definitions.set(op, tool);
  }
  return tool;
}

/** Answers tools/list from the cached definitions of exactly these operations. */
export function serveToolList(server: McpServer, operations: readonly Operation[]): void {
  let result = lists.get(operations);
  if (!result) {
    result = { tools: operations.map(toolDefinition) };
    lists.set(operations, result);
  }
  const cached = result;
  server.server.setRequestHandler('tools/list', () => cached);
}
