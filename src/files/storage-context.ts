import type { StorageAccess } from './env.js';
import { FilesError } from './errors.js';
import type { ApiGet } from './resolve.js';

/**
 * The confirmation gate hands its rules only the call's GET function; the rules of the file
 * tools read the version's storage to describe a change, under the same storage rules as the
 * call. The registrar binds those rules to the GET function it makes for the call.
 */
const bound = new WeakMap<ApiGet, StorageAccess>();

export function bindStorage<G extends ApiGet>(get: G, access: StorageAccess): G {
  bound.set(get, access);
  return get;
}

/** The storage rules bound to `get`; none bound is a wiring fault, refused rather than guessed. */
export function storageOf(get: ApiGet): { get: ApiGet; storage: StorageAccess } {
  const storage = bound.get(get);
  if (!storage) throw new FilesError('No storage rules for this call: nothing was read or sent.');
  return { get, storage };
}
