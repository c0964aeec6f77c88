import type { LocalAccess } from './local.js';
import type { ApiGet } from './resolve.js';
import type { OnProgress } from './transfer.js';

/** What the file operations get from the registrar for one call. */
export interface FilesEnv {
  /** GET with the caller's key; undefined on 404. */
  get: ApiGet;
  /** Any API request with the caller's key (create, commit). */
  send: (method: 'POST' | 'PUT', path: string, body: Record<string, unknown>) => Promise<unknown>;
  signal: AbortSignal;
  onProgress?: OnProgress | undefined;
  policy: FilesPolicy;
}

/** Server-wide rules for local files, from the configuration. */
export interface FilesPolicy {
  local: LocalAccess;
  /** Cap on the bytes of one upload call (--max-upload-bytes). */
  maxUploadBytes: number;
}
