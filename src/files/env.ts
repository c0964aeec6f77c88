import type { ApiPath } from '../client/paths.js';
import type { LocalAccess } from './local.js';
import type { ApiGet } from './resolve.js';
import type { OnStorageSend, StorageLimits } from './s3-handler.js';
import type { OnProgress } from './transfer.js';

/** What the file operations get from the registrar for one call. */
export interface FilesEnv {
  /** GET with the caller's key; undefined on 404. */
  get: ApiGet;
  /**
   * Any API request with the caller's key (create, commit, remove). `detached`: not tied to the
   * call's signal, for the clean-up after a call was cancelled (its deadlines still hold).
   */
  send: (
    method: 'POST' | 'PUT' | 'DELETE',
    path: ApiPath,
    body?: Record<string, unknown>,
    options?: { detached?: boolean },
  ) => Promise<unknown>;
  /** How this call reaches storage providers. */
  storage: StorageAccess;
  signal: AbortSignal;
  onProgress?: OnProgress | undefined;
  policy: FilesPolicy;
  /** The folders this caller's local paths may use. */
  local: LocalAccess;
}

/** Server-wide rules for local files, from the configuration. */
export interface FilesPolicy {
  /** --files-root folders, absolute; none means no local path at all. */
  roots: readonly string[];
  /** HTTP: each caller has its own folder under each root. */
  perCaller: boolean;
  /** --read-only: no local file is written. */
  readOnly: boolean;
  /** Cap on the bytes of one upload call (--max-upload-bytes); a batch_run is one call. */
  maxUploadBytes: number;
  /** Deadlines and the endpoint rule of every storage request. */
  storage: StorageLimits;
}

/** The storage rules of one call, and who hears of each request that can change something. */
export interface StorageAccess {
  limits: StorageLimits;
  /** Called before a request that can change something goes out (anything but GET and HEAD). */
  onSend?: OnStorageSend | undefined;
}
