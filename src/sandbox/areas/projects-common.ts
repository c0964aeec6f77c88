import { badRequest, notFound } from '../errors.js';
import type { Store } from '../store.js';
import { isRecord, type Row } from '../values.js';

/** Helpers shared by the projects, deployments, datasets and models areas. */

export function requiredString(body: Row, field: string, range?: { min?: number; max?: number }): string {
  const value = body[field];
  if (value === undefined || value === null) throw badRequest(`${field} is required`);
  return checkString(value, field, range);
}

export function optionalString(
  body: Row,
  field: string,
  range?: { min?: number; max?: number },
): string | undefined {
  const value = body[field];
  return value === undefined ? undefined : checkString(value, field, range);
}

/** A field typed `string | null`: undefined when absent, null when sent as null. */
export function nullableString(body: Row, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  return checkString(value, field);
}

function checkString(value: unknown, field: string, range: { min?: number; max?: number } = {}): string {
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  const { min = 0, max = Number.POSITIVE_INFINITY } = range;
  if (value.length < min || value.length > max) {
    throw badRequest(`${field} must be between ${min} and ${max} characters`);
  }
  return value;
}

export function optionalObject(body: Row, field: string): Row | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw badRequest(`${field} must be an object`);
  return value;
}

/** The team's default storage provider id, or null when the storage area holds none. */
export function defaultStorageProviderId(store: Store): string | null {
  for (const provider of store.table('storageProviders').values()) {
    if (provider.isTeamDefault === true && typeof provider.id === 'string') return provider.id;
  }
  return null;
}

/** A storage provider id from a request: it must name a stored provider. */
export function checkStorageProvider(store: Store, id: string | undefined): string | null {
  if (id === undefined) return defaultStorageProviderId(store);
  if (!store.table('storageProviders').has(id)) throw notFound('Storage provider', id);
  return id;
}
