import { randomInt } from 'node:crypto';
import { badRequest, notFound } from '../errors.js';
import type { SandboxRequest } from '../router.js';
import { isRecord } from '../values.js';

/** Helpers shared by the public-ips, private-networks, shared-drives, container-registries, storage and teams areas. */

export type Body = Record<string, unknown>;

/** The request's JSON body as an object (an absent body counts as `{}`); anything else is a 400. */
export function bodyOf(req: SandboxRequest): Body {
  if (req.body === undefined) return {};
  if (!isRecord(req.body)) throw badRequest('Request body must be a JSON object');
  return req.body;
}

/** A required string field; `minLength` defaults to 1 (the API rejects empty names, urls …). */
export function requiredString(body: Body, field: string, minLength = 1): string {
  const value = body[field];
  if (value === undefined || value === null) throw badRequest(`${field} is required`);
  return checkString(value, field, minLength);
}

export function optionalString(body: Body, field: string, minLength = 0): string | undefined {
  const value = body[field];
  return value === undefined ? undefined : checkString(value, field, minLength);
}

/** An optional field that may also be null (`string | null` in the API). */
export function nullableString(body: Body, field: string): string | null | undefined {
  const value = body[field];
  return value === undefined || value === null ? value : checkString(value, field, 0);
}

function checkString(value: unknown, field: string, minLength: number): string {
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  if (value.length < minLength) throw badRequest(`${field} must be at least ${minLength} characters long`);
  return value;
}

export function requiredBoolean(body: Body, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === null) throw badRequest(`${field} is required`);
  if (typeof value !== 'boolean') throw badRequest(`${field} must be a boolean`);
  return value;
}

export function optionalBoolean(body: Body, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`${field} must be a boolean`);
  return value;
}

export function nullableBoolean(body: Body, field: string): boolean | null | undefined {
  return body[field] === null ? null : optionalBoolean(body, field);
}

export function optionalEnum<const E extends readonly string[]>(
  body: Body,
  field: string,
  values: E,
): E[number] | undefined {
  const value = optionalString(body, field);
  if (value !== undefined && !values.includes(value)) {
    throw badRequest(`${field} must be one of: ${values.join(', ')}`);
  }
  return value;
}

/** The object of a table, or the API's 404. */
export function findOr404<T>(table: Map<string, T>, id: string, what: string): T {
  const found = table.get(id);
  if (found === undefined) throw notFound(what, id);
  return found;
}

/** Keeps the items whose field equals the query value, for each filter present in the query. */
export function filterBy<T extends Record<string, unknown>>(
  items: Iterable<T>,
  query: Record<string, string>,
  fields: readonly string[],
): T[] {
  return [...items].filter((item) => fields.every((f) => query[f] === undefined || item[f] === query[f]));
}

/** A random password or secret of lowercase, uppercase and digits. */
export function randomSecret(length: number): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
