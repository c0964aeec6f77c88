import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { successResult } from '../../src/tools/call/shape.js';
import { type Operation, splitRoute } from '../../src/tools/define.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { compareFields, compareOutput, type Json } from './compare-schema.js';
import { REFERENCE, type ReferenceOperation } from './reference.js';

/** Rows that stand for one API operation (composite rows have no reference entry). */
const API_ROWS = OPERATIONS.filter((op) => !op.composite);

const inputJson = (op: Operation) =>
  z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' }) as Json;
const outputJson = (op: Operation) =>
  z.toJSONSchema(op.output, { io: 'output', unrepresentable: 'any' }) as Json;

/** The API's request fields of an operation: path params, then query (GET/DELETE) or body fields. */
function requestFields(op: Operation, ref: ReferenceOperation) {
  const { method } = splitRoute(op.route);
  const fields: Record<string, Json> = {};
  const required: string[] = [];
  for (const [name, { required: isRequired, ...schema }] of Object.entries(ref.pathParams)) {
    fields[name] = schema;
    // A legacy datasetId:version id stands in for the version (the registrar splits it).
    if (!(op.legacyVersionId && name === 'version')) required.push(name);
  }
  if (method === 'GET' || method === 'DELETE') {
    for (const [name, { required: isRequired, ...schema }] of Object.entries(ref.queryParams)) {
      fields[name] = schema;
      if (isRequired) required.push(name);
    }
  } else if (ref.body) {
    Object.assign(fields, ref.body.properties);
    required.push(...ref.body.required);
  }
  return { fields, required };
}

describe('rows against the API reference, field by field', () => {
  it('every row with API fields is an operation of the reference; composite rows are not', () => {
    for (const op of OPERATIONS) expect(op.name in REFERENCE, op.name).toBe(!op.composite);
  });

  describe.each(API_ROWS.map((op) => [op.name, op] as const))('%s', (_name, op) => {
    const ref = REFERENCE[op.name] as ReferenceOperation;

    it('takes exactly the request fields of the reference, with its required flags, types, enums, formats, defaults and bounds', () => {
      const { fields, required } = requestFields(op, ref);
      const schema = inputJson(op);
      const problems: string[] = [];
      compareFields(fields, required, schema, schema, '', problems, Object.keys(op.extraInputs ?? {}));
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('declares a reason for every input field the API does not have', () => {
      for (const [name, why] of Object.entries(op.extraInputs ?? {})) {
        expect(inputJson(op).properties, name).toHaveProperty(name);
        expect(why.length, name).toBeGreaterThan(10);
      }
    });

    it('names only response fields of the reference, as wide as the reference types them, and passes unknown fields through', () => {
      const schema = outputJson(op);
      const problems: string[] = [];
      const root = op.wrap ? ((schema.properties as Record<string, Json>)[op.wrap] as Json) : schema;
      // A null answer reaches the caller as `{ data: null }` (see successResult), tested below.
      const response = op.wrap ? ref.response : { ...ref.response, nullable: false };
      compareOutput(response, root, schema, '', problems);
      expect(problems, problems.join('\n')).toEqual([]);
    });

    if (ref.response.nullable === true) {
      it('accepts a null answer, as { data: null }', () => {
        const { structuredContent } = successResult(op, null);
        expect(structuredContent).toEqual({ data: null });
        expect(op.output.safeParse(structuredContent).error?.issues ?? []).toEqual([]);
      });
    }

    it('accepts every response sample of the reference', () => {
      expect(ref.samples.length).toBeGreaterThan(0);
      for (const sample of ref.samples) {
        const { structuredContent } = successResult(op, sample);
        const parsed = op.output.safeParse(structuredContent);
        expect(parsed.error?.issues ?? [], JSON.stringify(parsed.error?.issues)).toEqual([]);
      }
    });
  });
});
