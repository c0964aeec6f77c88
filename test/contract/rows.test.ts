import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { API_ROUTES } from '../../src/client/routes.js';
import { isComposite, type Route, splitRoute } from '../../src/tools/define.js';
import { OPERATIONS as ROWS } from '../../src/tools/registry/all-rows.js';
import { annotationsFor } from '../../src/tools/registry/surface.js';
import { TOOLSETS } from '../../src/tools/registry/toolsets.js';
import { COUNTS, REFERENCE } from './reference.js';

// Composite rows (workflows) have their own contract test; these are the API's operations.
const OPERATIONS = ROWS.filter((o) => !isComposite(o));

describe('operation rows', () => {
  it('cover exactly the operations of the API reference, once each', () => {
    const names = OPERATIONS.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    const apiRows = OPERATIONS.filter((o) => !o.composite).map((o) => o.name);
    expect(apiRows.sort()).toEqual(Object.keys(REFERENCE).sort());
    expect(apiRows).toHaveLength(COUNTS.operations);
  });

  it('a route is an operation of the API reference, or an own route of a composite row (else a type error)', () => {
    expectTypeOf<'GET /machines/{id}'>().toExtend<Route>();
    expectTypeOf<'GET /machinez/{id}'>().not.toExtend<Route>();
    expectTypeOf<'POST /machines/{id}'>().not.toExtend<Route>();
    const reference: readonly string[] = API_ROUTES;
    const own = ROWS.filter((o) => !reference.includes(o.route));
    expect(own.map((o) => o.name).sort()).toEqual([
      'batch_run',
      'datasets_versions_files_delete',
      'datasets_versions_files_get',
      'datasets_versions_files_list',
      'datasets_versions_files_put',
    ]);
    for (const op of own) expect(op.composite, op.name).toBe(true);
  });

  it('the dataset file tools are composite rows that do their work in execute', () => {
    const files = ROWS.filter((o) => o.name.startsWith('datasets_versions_files_'));
    expect(files.map((o) => o.name).sort()).toEqual([
      'datasets_versions_files_delete',
      'datasets_versions_files_get',
      'datasets_versions_files_list',
      'datasets_versions_files_put',
    ]);
    for (const op of files) {
      expect(op.composite, op.name).toBe(true);
      expect(op.execute, op.name).toBeTypeOf('function');
      expect(op.toolset).toBe('datasets');
    }
  });

  describe.each(OPERATIONS.map((op) => [op.name, op] as const))('%s', (_name, op) => {
    const ref = REFERENCE[op.name];
    const { method, path } = splitRoute(op.route);

    it('calls the route of the API reference and is gated at least when the reference says destructive', () => {
      // A composite row has no reference entry of its own (fields.test.ts checks that).
      if (!op.composite) expect(op.route).toBe(ref?.route);
      if (ref?.destructive) expect(op.gated).toBe(true);
    });

    it('has a portable name, a title, a short description and a known toolset', () => {
      expect(op.name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
      expect(op.title.length).toBeGreaterThan(3);
      expect(op.description.length).toBeGreaterThan(20);
      expect(op.description.length).toBeLessThanOrEqual(300);
      expect(TOOLSETS).toContain(op.toolset);
    });

    it('has a kind that matches its method, and annotations derived from it', () => {
      expect(op.kind === 'read').toBe(method === 'GET');
      if (method === 'DELETE') expect(op.kind).toBe('delete');
      const a = annotationsFor(op);
      // Every tool is open-world: the protocol default, left out.
      expect(a.openWorldHint).toBeUndefined();
      expect(a.readOnlyHint === true).toBe(method === 'GET');
      if (op.kind === 'read') {
        expect(a).toEqual({ readOnlyHint: true });
      } else {
        expect(a.destructiveHint).toBe(op.kind !== 'create');
        if (method === 'PUT' || method === 'DELETE') expect(a.idempotentHint).toBe(true);
        // Not idempotent: the protocol default, left out.
        if (method === 'POST' && op.kind === 'create') expect(a.idempotentHint).toBeUndefined();
      }
      // A create is gated only for what it may also do: grant access, or commit (datasets_versions_create).
      if (op.gated && op.kind !== 'create') expect(a.destructiveHint).toBe(true);
    });

    it('has an object input schema with every path param required and no top-level combinator', () => {
      const schema = z.toJSONSchema(op.input, { io: 'input' }) as Record<string, unknown>;
      expect(schema.type).toBe('object');
      for (const key of ['anyOf', 'oneOf', 'allOf', 'not']) expect(schema).not.toHaveProperty(key);
      const required = (schema.required ?? []) as string[];
      for (const [, param] of path.matchAll(/\{(\w+)\}/g)) {
        // A legacy datasetId:version id stands in for the version (the registrar splits it).
        if (op.legacyVersionId && param === 'version') continue;
        expect(required).toContain(param);
      }
    });

    it('has an object output schema', () => {
      const schema = z.toJSONSchema(op.output, { io: 'output' }) as Record<string, unknown>;
      expect(schema.type).toBe('object');
    });
  });
});
