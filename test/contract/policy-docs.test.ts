import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
// @ts-expect-error: a plain ESM script without type declarations
import { policyJsonSchema, policySchemaFile } from '../../scripts/policy-schema.mjs';
import { loadPolicyFile } from '../../src/policy/load.js';
import { policySchema } from '../../src/policy/schema.js';

it('docs/policy.schema.json is the policy file’s zod schema (npm run docs regenerates it)', () => {
  expect(policySchemaFile()).toBe(policyJsonSchema({ policySchema }, z.toJSONSchema));
});

it('every policy in docs/POLICIES.md loads as the server loads it', () => {
  const blocks = [...readFileSync('docs/POLICIES.md', 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => m[1] ?? '',
  );
  expect(blocks).toHaveLength(3);
  const dir = mkdtempSync(join(tmpdir(), 'policy-docs-'));
  for (const [i, block] of blocks.entries()) {
    const file = join(dir, `policy-${i}.json`);
    writeFileSync(file, block);
    expect(loadPolicyFile(file).policy.source.rules.length).toBeGreaterThan(2);
  }
});
