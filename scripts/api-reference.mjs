#!/usr/bin/env node
// Generates the committed API reference the contract tests and the sandbox hold the rows to:
//   test/contract/api-reference.json      every operation: route, destructive, params, body, response, samples
//   test/contract/reference-differences.md where the seed text and the catalog disagree (the seed wins)
//   src/sandbox/request-schemas.json       what the sandbox validates requests against (query + body),
//                                          one route a line (kept out of the formatter)
//   src/client/routes.ts                   every route template, as a type the client's paths are held to
// from the Paperspace API catalog (operations.json) and the API reference text (the seed). Facts
// only: descriptions are dropped. Run by hand when the sources change; nothing reads them at run
// time or in tests.
//
//   node scripts/api-reference.mjs [--catalog path/operations.json] [--seed path/004_….txt]

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (flag, fallback) => {
  const at = process.argv.indexOf(flag);
  return at > 0 ? process.argv[at + 1] : fallback;
};
// The sources sit in ../shared beside the repository (or beside the folder of worktrees).
const shared = [join(root, '../shared'), join(root, '../../shared')].find((dir) => existsSync(dir)) ?? '';
const catalogPath = arg('--catalog', join(shared, 'paperspace-api/operations.json'));
const seedPath = arg('--seed', join(shared, 'seeds/004_8dc6d4e5f269fb9e.txt'));

const catalog = JSON.parse(readFileSync(catalogPath, 'utf8'));
const seed = readFileSync(seedPath, 'utf8');

/** Drops prose (descriptions) and keeps the facts, recursively. */
function facts(value) {
  if (Array.isArray(value)) return value.map(facts);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'description' && typeof v === 'string') continue; // a field named description stays
    out[key] = facts(v);
  }
  return out;
}

/** One seed section per operationId: its parameter tables, body table and 200 sample. */
function seedSections() {
  const sections = new Map();
  const heads = [...seed.matchAll(/^## \[tag\/[^/\]]+\/operation\/([^\]]+)\]/gm)];
  heads.forEach((head, i) => {
    const operationId = head[1];
    if (sections.has(operationId)) return; // Tags, Versions and Users repeat other groups
    const text = seed.slice(head.index, heads[i + 1]?.index ?? seed.length);
    sections.set(operationId, {
      path: tableFields(text, '##### path Parameters'),
      query: tableFields(text, '##### query Parameters'),
      body: tableFields(text, '##### Request Body schema'),
      sample: responseSample(text),
    });
  });
  return sections;
}

/** `{ name: required }` of the rows of the table under `heading`, or null without one. */
function tableFields(text, heading) {
  const at = text.indexOf(heading);
  if (at < 0) return null;
  const fields = {};
  for (const line of text.slice(at).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    const row = /^\| ([A-Za-z0-9_]+)(<br>required)? \|/.exec(line);
    if (row) fields[row[1]] = row[2] !== undefined;
  }
  return fields;
}

/** The 200 response sample, parsed (the seed wraps it in backticks with `\` continuations). */
function responseSample(text) {
  const at = text.indexOf('### Response samples');
  if (at < 0) return undefined;
  const rest = text.slice(at);
  const start = rest.indexOf('`');
  const end = rest.indexOf('`', start + 1);
  if (start < 0 || end < 0) return undefined;
  const json = rest
    .slice(start + 1, end)
    .replace(/\\\n/g, '\n')
    .replace(/^\\$/gm, '');
  return JSON.parse(json);
}

const sections = seedSections();
const reference = {};
const differences = [];

/** Params by name, with the seed's required flag when the seed lists the param. */
function params(op, list, seedFields, where) {
  const out = {};
  for (const p of list) {
    const { name, ...rest } = facts(p);
    if (seedFields && !(name in seedFields)) {
      differences.push(`${op.id}: ${where} param \`${name}\` is only in the catalog; left out.`);
      continue;
    }
    const required = seedFields ? seedFields[name] : rest.required;
    if (required !== rest.required)
      differences.push(
        `${op.id}: ${where} param \`${name}\` required=${required} in the seed, ${rest.required} in the catalog.`,
      );
    out[name] = { ...rest, required };
  }
  return out;
}

for (const op of catalog) {
  const section = sections.get(op.operationId);
  if (!section) throw new Error(`no seed section for ${op.operationId}`);
  let body = null;
  if (op.body) {
    const { required, properties } = facts(op.body);
    const seedBody = section.body ?? {};
    const seedRequired = Object.keys(properties).filter((name) => seedBody[name] === true);
    for (const name of Object.keys(properties)) {
      const inCatalog = required.includes(name);
      if (!(name in seedBody)) differences.push(`${op.id}: body field \`${name}\` is not in the seed table.`);
      else if (inCatalog !== seedBody[name])
        differences.push(
          `${op.id}: body field \`${name}\` required=${seedBody[name]} in the seed, ${inCatalog} in the catalog; the seed wins.`,
        );
    }
    body = { required: seedRequired, properties };
  }
  const samples = section.sample === undefined ? [] : [section.sample];
  reference[op.id] = {
    route: `${op.method} ${op.path}`,
    destructive: op.destructive,
    paginated: op.paginated,
    pathParams: params(op, op.pathParams, section.path ?? {}, 'path'),
    queryParams: params(op, op.queryParams, section.query ?? {}, 'query'),
    body,
    response: facts(op.response),
    samples,
  };
}

const out = join(root, 'test/contract/api-reference.json');
writeFileSync(out, `${JSON.stringify(reference, null, 1)}\n`);
/** The request part the sandbox checks: types, enums, required flags, bounds; no defaults. */
function requestSchema(value) {
  if (Array.isArray(value)) return value.map(requestSchema);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    // An optional query parameter is the default: only `required: true` is written.
    if (key !== 'default' && !(key === 'required' && v === false)) out[key] = requestSchema(v);
  }
  return out;
}
// One route per line; a route without query parameters or body leaves them out.
const requestLines = Object.values(reference).map((op) => {
  const entry = {};
  const query = Object.entries(op.queryParams);
  if (query.length > 0) entry.query = Object.fromEntries(query.map(([n, s]) => [n, requestSchema(s)]));
  if (op.body) entry.body = requestSchema(op.body);
  return `${JSON.stringify(op.route)}: ${JSON.stringify(entry)}`;
});
writeFileSync(join(root, 'src/sandbox/request-schemas.json'), `{\n${requestLines.join(',\n')}\n}\n`);

const routes = Object.values(reference).map((op) => op.route);
writeFileSync(
  join(root, 'src/client/routes.ts'),
  [
    '// Generated by scripts/api-reference.mjs from the API reference: do not edit.',
    '',
    "/** Every operation of the Paperspace API as `METHOD /path/{param}`, in the reference's order. */",
    `export const API_ROUTES = ${JSON.stringify(routes)} as const;`,
    '',
    'export type ApiRoute = (typeof API_ROUTES)[number];',
    '',
  ].join('\n'),
);

const notes = [
  '# Where the API reference text and the catalog disagree',
  '',
  'Generated by `scripts/api-reference.mjs`. Request field names and required flags follow the',
  'reference text (the seed); response shapes, nullability and the per-version deployment spec',
  'follow the catalog, where the text is silent or flattened.',
  '',
  ...differences.map((d) => `- ${d}`),
  '',
];
writeFileSync(join(root, 'test/contract/reference-differences.md'), notes.join('\n'));
// The committed files are in the repository's own format.
execFileSync(join(root, 'node_modules/.bin/biome'), [
  'format',
  '--write',
  out,
  join(root, 'src/client/routes.ts'),
]);
console.log(`${Object.keys(reference).length} operations, ${differences.length} differences → ${out}`);
