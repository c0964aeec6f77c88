/**
 * Rewrites a JSON Schema as zod emits it into a spelling every MCP client reads the same way, with
 * the same meaning. Applied once, where tool schemas are generated (surface.ts), so no row needs
 * to care:
 * - `type: ["string", "null"]` becomes `anyOf: [{type: "string"}, {type: "null"}]`: clients that
 *   map tool schemas onto a single-`type` dialect (Gemini's function declarations, among others)
 *   reject the array form or drop the constraint. Type-specific keywords beside it stay where they
 *   are; JSON Schema applies them only to values of their type, so the meaning does not change.
 *   Input schemas only (`unions`): they are what models fill in, and the longer spelling would
 *   take the largest output schemas past their byte budget.
 * - `additionalProperties: {}` (any value) is dropped: absent, it means the same, and a bare `{}`
 *   reads as an untyped schema.
 * - `propertyNames: {type: "string"}` is dropped: JSON object keys are always strings.
 * - The ±(2^53 − 1) bounds zod adds to integers are dropped: no JSON number a client sends
 *   reaches them, and the validator still enforces them.
 */
export function portableSchema(schema: Record<string, unknown>, unions: boolean): Record<string, unknown> {
  const rewritten = rewrite(schema, unions);
  // A node rewrites to a node; the fallback is never taken.
  return isNode(rewritten) ? rewritten : {};
}

/** Keywords whose value is one subschema. */
const ONE = ['items', 'contains', 'not', 'propertyNames', 'if', 'then', 'else', 'additionalProperties'];
/** Keywords whose value is a list of subschemas. */
const LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isEmpty = (value: unknown) => isNode(value) && Object.keys(value).length === 0;

function rewrite(value: unknown, unions: boolean): unknown {
  if (!isNode(value)) return value;
  const out: Node = {};
  const again = (child: unknown) => rewrite(child, unions);
  for (const [key, child] of Object.entries(value)) {
    if (unions && key === 'type' && Array.isArray(child)) continue;
    if (key === 'additionalProperties' && isEmpty(child)) continue;
    if (
      key === 'propertyNames' &&
      isNode(child) &&
      child.type === 'string' &&
      Object.keys(child).length === 1
    )
      continue;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(Number(child)) === Number.MAX_SAFE_INTEGER)
      continue;
    if (ONE.includes(key)) out[key] = again(child);
    else if (LISTS.includes(key) && Array.isArray(child)) out[key] = child.map(again);
    else if (MAPS.includes(key) && isNode(child))
      out[key] = Object.fromEntries(Object.entries(child).map(([name, sub]) => [name, again(sub)]));
    else out[key] = child;
  }
  if (unions && Array.isArray(value.type)) {
    if ('anyOf' in out) throw new Error('a type list beside anyOf: spell the schema as one anyOf');
    const branches = value.type.map((type) => ({ type }));
    // anyOf first, where `type` stood, so the schema still reads type-first.
    return { anyOf: branches, ...out };
  }
  return out;
}
