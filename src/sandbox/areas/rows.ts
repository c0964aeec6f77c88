import { badRequest, notFound } from '../errors.js';
import { isOneOf, isRecord, type Row } from '../values.js';

/**
 * What every area does with request bodies and stored rows: read fields, look up, filter, show.
 * validateRequest has already checked each body against the API reference (types, enums, required
 * fields, the lengths it declares); the readers narrow the types and add the rules it leaves out.
 * An optional field sent as null reads as absent.
 */

/** The request body as an object (an absent body is `{}`); anything else is a 400. */
export function bodyOf(body: unknown): Row {
  if (body === undefined || body === null) return {};
  if (!isRecord(body)) throw badRequest('Request body must be a JSON object');
  return body;
}

function present(body: Row, field: string, required: boolean): boolean {
  const value = body[field];
  if (value !== undefined && value !== null) return true;
  if (required) throw badRequest(`${field} is required`);
  return false;
}

/** A string field; `min` is the shortest length allowed. */
export function str(body: Row, field: string, required: true, min?: number): string;
export function str(body: Row, field: string, required?: false, min?: number): string | undefined;
export function str(body: Row, field: string, required = false, min = 0): string | undefined {
  if (!present(body, field, required)) return undefined;
  const value = body[field];
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  if (value.length < min) {
    throw badRequest(
      min === 1 ? `${field} must not be empty` : `${field} must be at least ${min} characters`,
    );
  }
  return value;
}

/** A field typed `string | null`: undefined when absent, null when sent as null. */
export const nullableStr = (body: Row, field: string): string | null | undefined =>
  body[field] === null ? null : str(body, field);

export function num(body: Row, field: string, required: true): number;
export function num(body: Row, field: string, required?: false): number | undefined;
export function num(body: Row, field: string, required = false): number | undefined {
  if (!present(body, field, required)) return undefined;
  const value = body[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`${field} must be a number`);
  return value;
}

export function bool(body: Row, field: string, required: true): boolean;
export function bool(body: Row, field: string, required?: false): boolean | undefined;
export function bool(body: Row, field: string, required = false): boolean | undefined {
  if (!present(body, field, required)) return undefined;
  const value = body[field];
  if (typeof value !== 'boolean') throw badRequest(`${field} must be a boolean`);
  return value;
}

export function oneOf<T extends string>(body: Row, field: string, values: readonly T[]): T | undefined {
  const value = str(body, field);
  if (value === undefined) return undefined;
  if (!isOneOf(values, value)) throw badRequest(`${field} must be one of: ${values.join(', ')}`);
  return value;
}

export function strings(body: Row, field: string): string[] | undefined {
  if (!present(body, field, false)) return undefined;
  const value = body[field];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest(`${field} must be an array of strings`);
  }
  return value;
}

export function object(body: Row, field: string): Row | undefined {
  if (!present(body, field, false)) return undefined;
  const value = body[field];
  if (!isRecord(value)) throw badRequest(`${field} must be an object`);
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

/** Copies a stored row without its internal keys (relations kept only for the sandbox's own use). */
export function publicView<T extends Row>(row: T, internal: readonly string[]): Row {
  const out: Row = { ...row };
  for (const key of internal) delete out[key];
  return out;
}
