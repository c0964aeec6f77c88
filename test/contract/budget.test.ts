import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { selectOperations } from '../../src/tools/registry/select.js';
import { toolDefinition } from '../../src/tools/registry/surface.js';
import { bytes, modelFacingBytes } from '../helpers/tool-bytes.js';

/** Context budgets of tools/list (deterministic byte counts; timings live in npm run bench). */
const modelFacing = (args: string[]) =>
  selectOperations(OPERATIONS, loadConfig(args, {})).map(modelFacingBytes);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('tools/list context budget', () => {
  it('model-facing part: at most 500 bytes per tool (median) over all tools', () => {
    const all = modelFacing(['--toolsets', 'all']);
    console.log(`all toolsets: ${all.length} tools, median ${median(all)} B model-facing`);
    expect(median(all)).toBeLessThanOrEqual(500);
  });

  it('model-facing part of the default toolsets: at most 20 kB in total', () => {
    const total = modelFacing([]).reduce((a, b) => a + b, 0);
    console.log(`default toolsets: ${total} B model-facing`);
    expect(total).toBeLessThanOrEqual(20_000);
  });

  // Every input field is described. The deployment spec is a union of three typed spec versions:
  // that one tool may take 10.5 kB; machines_create, with 21 fields and the machine as output, 4.5 kB.
  const LIMITS: Record<string, number> = { deployments_upsert: 10_752, machines_create: 4608 };

  it('with its output schema, no tool is over 4 kB (the deployment spec: 10.5 kB, machines_create: 4.5 kB)', () => {
    for (const op of OPERATIONS) {
      expect(bytes(toolDefinition(op)), op.name).toBeLessThanOrEqual(LIMITS[op.name] ?? 4096);
    }
  });
});
