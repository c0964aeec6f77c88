import type * as Undici from 'undici';
import request from 'undici/lib/api/api-request.js';
import errorsModule from 'undici/lib/core/errors.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import PoolClass from 'undici/lib/dispatcher/pool.js';

/**
 * The part of undici the client uses (Pool with its `request` method, and the error classes), loaded
 * without the rest of the package: undici's index also loads fetch, WebSocket, caches, mocks and
 * proxies, which costs more start-up time than the SDK's own transport does. This does what
 * undici's index does for these parts (add `request` to dispatchers). Import more of undici
 * through here, not from 'undici', or the whole package loads again.
 */
Object.assign(Dispatcher.prototype, { request });

export const Pool: typeof Undici.Pool = PoolClass;
export type Pool = Undici.Pool;
export const errors: typeof Undici.errors = errorsModule;
