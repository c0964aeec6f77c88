import { randomInt } from 'node:crypto';
import { badRequest } from '../errors.js';
import type { Row } from '../values.js';
import { optionalBoolean } from './rows.js';

/** Helpers shared by the public-ips, private-networks, shared-drives, container-registries, storage and teams areas. */

/** A required string field; `minLength` defaults to 1 (the API rejects empty names, urls …). */
export function requiredString(body: Row, field: string, minLength = 1): string {
  const value = body[field];
  if (value === undefined || value === null) throw badRequest(`${field} is required`);
  return checkString(value, field, minLength);
}

export function optionalString(body: Row, field: string, minLength = 0): string | undefined {
  const value = body[field];
  return value === undefined ? undefined : checkString(value, field, minLength);
}

/** An optional field that may also be null (`string | null` in the API). */
export function nullableString(body: Row, field: string): string | null | undefined {
  const value = body[field];
  return value === undefined || value === null ? value : checkString(value, field, 0);
}

function checkString(value: unknown, field: string, minLength: number): string {
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  if (value.length < minLength) throw badRequest(`${field} must be at least ${minLength} characters long`);
  return value;
}

export function requiredBoolean(body: Row, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === null) throw badRequest(`${field} is required`);
  if (typeof value !== 'boolean') throw badRequest(`${field} must be a boolean`);
  return value;
}

export function nullableBoolean(body: Row, field: string): boolean | null | undefined {
  return body[field] === null ? null : optionalBoolean(body, field);
}

export function optionalEnum<const E extends readonly string[]>(
  body: Row,
  field: string,
  values: E,
): E[number] | undefined {
  const value = optionalString(body, field);
  if (value !== undefined && !values.includes(value)) {
    throw badRequest(`${field} must be one of: ${values.join(', ')}`);
  }
  return value;
}

/** A random password or secret of lowercase, uppercase and digits. */
export function randomSecret(length: number): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
