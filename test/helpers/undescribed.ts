/**
 * The input properties a JSON Schema leaves without a description. A property is every entry of a
 * `properties` map at any depth of the schema: the tool's own fields, and the fields of objects
 * nested in them (object fields, array items, anyOf/oneOf/allOf branches, record values, $defs).
 * It is described when its own schema node carries a non-empty `description`.
 */
type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ONE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];
const LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const MAPS = ['$defs', 'definitions', 'patternProperties'];

export interface PropertyCount {
  /** Every property, by path (`spec.containers[].image`). */
  all: string[];
  /** The ones without a description. */
  undescribed: string[];
}

export function countProperties(schema: unknown, at = ''): PropertyCount {
  const count: PropertyCount = { all: [], undescribed: [] };
  walk(schema, at, count);
  return count;
}

function walk(node: unknown, at: string, count: PropertyCount): void {
  if (!isNode(node)) return;
  if (isNode(node.properties)) {
    for (const [name, sub] of Object.entries(node.properties)) {
      const path = at ? `${at}.${name}` : name;
      count.all.push(path);
      const description = isNode(sub) ? sub.description : undefined;
      if (typeof description !== 'string' || description.trim() === '') count.undescribed.push(path);
      walk(sub, path, count);
    }
  }
  for (const key of ONE) walk(node[key], key === 'items' ? `${at}[]` : at, count);
  for (const key of LISTS) {
    const subs = node[key];
    if (Array.isArray(subs)) for (const [i, sub] of subs.entries()) walk(sub, `${at}|${i}`, count);
  }
  for (const key of MAPS) {
    const subs = node[key];
    if (isNode(subs)) for (const [name, sub] of Object.entries(subs)) walk(sub, `${key}.${name}`, count);
  }
}
