import type { Operation } from '../../src/tools/define.js';
import { toolDefinition } from '../../src/tools/registry/surface.js';

/** Bytes of a value as JSON: how tools/list sizes are counted. */
export const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** Bytes of the part of a tool's definition the model reads (everything but the output schema). */
export function modelFacingBytes(op: Operation): number {
  const { name, title, description, inputSchema, annotations } = toolDefinition(op);
  return bytes({ name, title, description, inputSchema, annotations });
}
