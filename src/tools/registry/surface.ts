import type { Tool, ToolAnnotations } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { confirmField, type Operation, splitRoute } from '../define.js';
import { portableSchema } from './portable-schema.js';

/**
 * What a tool looks like from outside (description, schemas, annotations). The bundle computes
 * these at build time (prebuilt.ts); at run time only `inputSchemaOf` is used, once per
 * tool and process, when the tool is first called.
 */

/**
 * Annotations follow from the row's kind and method; a contract test holds every row to this.
 * A hint at its protocol default is left out to keep tools/list lean (readOnlyHint false,
 * idempotentHint false, openWorldHint true: every tool reaches the Paperspace API), and so is
 * idempotentHint on reads, where the protocol gives it no meaning. destructiveHint is stated on
 * every write, true or false, so a host that ignores the defaults still sees which calls destroy.
 */
export function annotationsFor(op: Operation): ToolAnnotations {
  const { method } = splitRoute(op.route);
  const idempotent = op.idempotent ?? (method === 'GET' || method === 'PUT' || method === 'DELETE');
  if (op.kind === 'read') return { readOnlyHint: true };
  return idempotent
    ? { destructiveHint: op.kind !== 'create', idempotentHint: true }
    : { destructiveHint: op.kind !== 'create' };
}

/** Text appended to the description of tools whose calls are gated. */
export const GATED_NOTE = ' Asks to confirm first.';

export const descriptionOf = (op: Operation) => (op.gated ? op.description + GATED_NOTE : op.description);

const CONFIRM_FIELD = confirmField();

/** Gated tools take an optional `confirm`. */
export const inputSchemaOf = (op: Operation): z.ZodObject =>
  once(inputs, op, () => (op.gated ? op.input.extend({ confirm: CONFIRM_FIELD }) : op.input));

/** Portable JSON Schema (see portableSchema), without the `$schema` line every client already assumes. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return portableSchema(rest, io === 'input');
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

const inputs = new WeakMap<Operation, z.ZodObject>();
const definitions = new WeakMap<Operation, Tool>();

function once<T>(cache: WeakMap<Operation, T>, op: Operation, make: () => T): T {
  let value = cache.get(op);
  if (value === undefined) {
    value = make();
    cache.set(op, value);
  }
  return value;
}
