import { badRequest, notFound } from '../errors.js';
import { isRecord, type Row } from '../values.js';

/** What every area does with request bodies and stored rows: read, look up, filter, show. */

/** The request body as an object (an absent body is `{}`); anything else is a 400. */
export function bodyOf(body: unknown): Row {
  if (body === undefined || body === null) return {};
  if (!isRecord(body)) throw badRequest('Request body must be a JSON object');
  return body;
}

export function optionalBoolean(body: Row, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`${field} must be a boolean`);
  return value;
}

/** The row of a table, or the API's 404 `<what> not found: <id>`. */
export function findOr404<T>(table: Map<string, T>, id: string, what: string): T {
  const found = table.get(id);
  if (found === undefined) throw notFound(what, id);
  return found;
}

/** The API's "names matching this string" filter: a case-insensitive substring match. */
export const matches = (value: unknown, filter: string | undefined): boolean =>
  filter === undefined ||
  String(value ?? '')
    .toLowerCase()
    .includes(filter.toLowerCase());

/** Keeps the items whose field equals the query value, for each filter present in the query. */
export function filterBy<T extends Row>(
  items: Iterable<T>,
  query: Record<string, string>,
  fields: readonly string[],
): T[] {
  return [...items].filter((item) => fields.every((f) => query[f] === undefined || item[f] === query[f]));
}

/** Copies a stored row without its internal keys (relations kept only for the sandbox's own use). */
export function publicView<T extends Row>(row: T, internal: readonly string[]): Row {
  const out: Row = { ...row };
  for (const key of internal) delete out[key];
  return out;
}
