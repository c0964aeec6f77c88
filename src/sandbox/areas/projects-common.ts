import { notFound } from '../errors.js';
import type { Store } from '../store.js';

/** The storage provider of new datasets and models. */

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
