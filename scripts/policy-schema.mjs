// Writes docs/policy.schema.json, the JSON Schema of the --policy file, from its zod schema
// (src/policy/schema.ts); run `npm run docs` after changing the schema, and
// test/contract/policy-schema.test.ts fails while the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadSource } from './load-source.mjs';

const FILE = 'docs/policy.schema.json';

/** The schema as the file holds it: draft 2020-12, with an id editors can show. */
export function policyJsonSchema({ policySchema }, toJSONSchema) {
  const schema = toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'paperspace-mcp policy' }, null, 2)}\n`;
}

export const policySchemaFile = () => readFileSync(FILE, 'utf8');

if (process.argv.includes('--write')) {
  const source = await loadSource('src/policy/schema.ts');
  const { z } = await import('zod');
  writeFileSync(FILE, policyJsonSchema(source, z.toJSONSchema));
  console.log(`${FILE} updated`);
}
