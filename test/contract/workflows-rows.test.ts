import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { loadConfig } from '../../src/config/index.js';
import { isComposite } from '../../src/tools/define.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { selectOperations } from '../../src/tools/registry/select.js';
import { annotationsFor } from '../../src/tools/registry/surface.js';
import { TOOLSETS } from '../../src/tools/registry/toolsets.js';
import { modelFacingBytes } from '../helpers/tool-bytes.js';

// The dataset file tools are composite too; test/contract/rows.test.ts covers them.
const COMPOSITE = OPERATIONS.filter((op) => isComposite(op) && op.toolset === 'workflows');
const modelFacing = (args: string[]) =>
  selectOperations(OPERATIONS, loadConfig(args, {})).reduce((sum, op) => sum + modelFacingBytes(op), 0);

describe('composite (workflow) rows', () => {
  it('are the four workflow tools, each with a handler', () => {
    expect(COMPOSITE.map((o) => o.name)).toEqual([
      'machines_wait',
      'deployments_wait',
      'costs_summary',
      'batch_run',
    ]);
    for (const op of COMPOSITE) expect(typeof op.handler, op.name).toBe('function');
    expect(TOOLSETS).toContain('workflows');
  });

  it.each(COMPOSITE.map((o) => [o.name, o] as const))(
    '%s: portable name, short description, object schemas',
    (_n, op) => {
      expect(op.name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
      expect(op.description.length).toBeLessThanOrEqual(300);
      for (const [schema, io] of [
        [op.input, 'input'],
        [op.output, 'output'],
      ] as const) {
        const json = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
        expect(json.type).toBe('object');
        for (const key of ['anyOf', 'oneOf', 'allOf', 'not']) expect(json).not.toHaveProperty(key);
      }
    },
  );

  it('waits and the cost summary only read; batch_run may change things and is not idempotent', () => {
    for (const name of ['machines_wait', 'deployments_wait', 'costs_summary']) {
      const op = COMPOSITE.find((o) => o.name === name);
      expect(op && annotationsFor(op)).toEqual({ readOnlyHint: true });
    }
    const batch = COMPOSITE.find((o) => o.name === 'batch_run');
    expect(batch && annotationsFor(batch)).toEqual({ destructiveHint: true });
  });

  it('the workflows toolset costs at most 3 kB of model-facing tools/list, and --read-only hides batch_run', () => {
    const cost = modelFacing(['--toolsets', 'workflows']);
    console.info(`workflows toolset: ${cost} bytes model-facing; default set: ${modelFacing([])} bytes`);
    expect(cost).toBeLessThanOrEqual(3000);
    const readOnly = selectOperations(OPERATIONS, loadConfig(['--toolsets', 'workflows', '--read-only'], {}));
    expect(readOnly.map((o) => o.name)).toEqual(['machines_wait', 'deployments_wait', 'costs_summary']);
  });
});
