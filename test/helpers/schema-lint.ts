/**
 * The tool-schema portability rules of the MCP Inspector's `--strict` report (Inspector v2,
 * core/json/schemaLint.ts), applied to our own schemas. Not a JSON Schema validator: each rule is
 * a construct that is legal JSON Schema yet refused or mishandled by some MCP client.
 *
 * - boolean-schema (error): a bare `true`/`false` where a schema object is expected
 *   (`additionalProperties` and its kin may be boolean by design).
 * - type-union (warning): `type` is an array of distinct JSON type names.
 * - untyped-schema (warning): a schema with no keyword that constrains the value (`{}`, or only
 *   annotations such as description/default); `{}` under `not` is exempt.
 * - remote-ref (warning): a `$ref` that does not start with `#` (no `$id` in our schemas).
 */
export interface Finding {
  rule: 'boolean-schema' | 'type-union' | 'untyped-schema' | 'remote-ref';
  severity: 'error' | 'warning';
  /** Where in the schema, e.g. `properties.machineId` or `anyOf[1]`; empty at the root. */
  path: string;
}

const BOOLEAN_OK = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'additionalItems',
  'unevaluatedItems',
]);
const ONE = [
  'items',
  'contains',
  'not',
  'propertyNames',
  'if',
  'then',
  'else',
  'additionalProperties',
  'unevaluatedProperties',
  'additionalItems',
  'unevaluatedItems',
  'contentSchema',
];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAPS = ['properties', 'patternProperties', 'dependentSchemas', 'dependencies', '$defs', 'definitions'];
/** Keywords that constrain the instance (assertions, applicators, references); annotations do not. */
const CONSTRAINING = new Set([
  'type',
  'enum',
  'const',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxContains',
  'minContains',
  'maxProperties',
  'minProperties',
  'required',
  'dependentRequired',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'items',
  'prefixItems',
  'contains',
  'additionalItems',
  'unevaluatedItems',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'dependentSchemas',
  'dependencies',
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
]);
const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'string', 'integer']);
const MAX_DEPTH = 64;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Every finding in one schema, in walk order. */
export function lintSchema(schema: unknown): Finding[] {
  const findings: Finding[] = [];
  walk(schema, '', undefined, 0, findings);
  return findings;
}

function walk(node: unknown, path: string, keyword: string | undefined, depth: number, out: Finding[]): void {
  if (depth > MAX_DEPTH) return;
  if (typeof node === 'boolean') {
    if (keyword === undefined || !BOOLEAN_OK.has(keyword))
      out.push({ rule: 'boolean-schema', severity: 'error', path });
    return;
  }
  if (!isNode(node)) return;
  const type = node.type;
  if (
    Array.isArray(type) &&
    type.length > 0 &&
    type.every((t) => typeof t === 'string' && TYPES.has(t)) &&
    new Set(type).size === type.length
  ) {
    out.push({ rule: 'type-union', severity: 'warning', path });
  }
  if (typeof node.$ref === 'string' && node.$ref !== '' && !node.$ref.startsWith('#')) {
    out.push({ rule: 'remote-ref', severity: 'warning', path });
  }
  const constrains =
    Object.keys(node).some((k) => CONSTRAINING.has(k)) ||
    ('if' in node && ('then' in node || 'else' in node));
  if (!constrains && keyword !== 'not') out.push({ rule: 'untyped-schema', severity: 'warning', path });

  for (const key of MAPS) {
    const map = node[key];
    if (!isNode(map)) continue;
    for (const [name, sub] of Object.entries(map))
      walk(sub, join(join(path, key), name), key, depth + 1, out);
  }
  for (const key of LISTS) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) walk(sub, `${join(path, key)}[${i}]`, key, depth + 1, out);
  }
  for (const key of ONE) {
    if (!(key in node)) continue;
    const value = node[key];
    if (key === 'items' && Array.isArray(value)) {
      for (const [i, sub] of value.entries()) walk(sub, `${join(path, key)}[${i}]`, key, depth + 1, out);
    } else {
      walk(value, join(path, key), key, depth + 1, out);
    }
  }
}
