import type { StandardSchemaWithJSON, Tool, ToolAnnotations } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { type Operation, splitRoute } from './define.js';

/**
 * What a tool looks like from outside (description, schemas, annotations), computed once per
 * operation and process. Stateless HTTP builds a server per request, so nothing here may be
 * recomputed per instance: the SDK gets schemas whose JSON form is already known.
 */

/** Annotations follow from the row's kind and method; a contract test holds every row to this. */
export function annotationsFor(op: Operation): ToolAnnotations {
  const { method } = splitRoute(op.route);
  const idempotent = op.idempotent ?? (method === 'GET' || method === 'PUT' || method === 'DELETE');
  if (op.kind === 'read') return { readOnlyHint: true, idempotentHint: true, openWorldHint: true };
  // readOnlyHint false is the protocol default and is left out to keep tools/list lean.
  return { destructiveHint: op.kind !== 'create', idempotentHint: idempotent, openWorldHint: true };
}

/** Text appended to the description of tools whose calls are gated. */
export const GATED_NOTE = ' Asks for confirmation first.';

export const descriptionOf = (op: Operation) => (op.gated ? op.description + GATED_NOTE : op.description);

/** Described once in the tool description and in the preview text, not again here. */
const CONFIRM_FIELD = z.string().optional();

/** Gated tools take an optional `confirm`. */
export const inputSchemaOf = (op: Operation): z.ZodObject =>
  once(inputs, op, () => (op.gated ? op.input.extend({ confirm: CONFIRM_FIELD }) : op.input));

/** JSON Schema without the `$schema` line every client already assumes. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** The zod schema's validation with its JSON Schema precomputed. */
function withJson<T>(schema: z.ZodType, json: Record<string, unknown>): StandardSchemaWithJSON<T, T> {
  const std = schema['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: std.vendor,
      validate: std.validate,
      jsonSchema: { input: () => json, output: () => json },
    },
  } as StandardSchemaWithJSON<T, T>;
}

export const toolDefinition = (op: Operation): Tool =>
  once(definitions, op, () => ({
    name: op.name,
    title: op.title,
    description: descriptionOf(op),
    inputSchema: jsonSchema(inputSchemaOf(op), 'input') as Tool['inputSchema'],
    outputSchema: jsonSchema(op.output, 'output') as Tool['outputSchema'],
    annotations: annotationsFor(op),
  }));

type Args = Record<string, unknown>;
export const standardInput = (op: Operation) =>
  once(standardInputs, op, () => withJson<Args>(inputSchemaOf(op), toolDefinition(op).inputSchema));
export const standardOutput = (op: Operation) =>
  once(standardOutputs, op, () =>
    withJson<Args>(op.output, toolDefinition(op).outputSchema as Record<string, unknown>),
  );

const inputs = new WeakMap<Operation, z.ZodObject>();
const definitions = new WeakMap<Operation, Tool>();
const standardInputs = new WeakMap<Operation, StandardSchemaWithJSON<Args, Args>>();
const standardOutputs = new WeakMap<Operation, StandardSchemaWithJSON<Args, Args>>();

function once<T>(cache: WeakMap<Operation, T>, op: Operation, make: () => T): T {
  let value = cache.get(op);
  if (value === undefined) {
    value = make();
    cache.set(op, value);
  }
  return value;
}
