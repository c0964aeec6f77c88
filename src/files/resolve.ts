import { rememberSecret } from '../secrets.js';
import { FilesError } from './errors.js';
import { type Location, parseVersionUrl } from './location.js';
import type { S3Credentials } from './s3.js';

/** GET below the API base with the caller's key; undefined means 404. */
export type ApiGet = (path: string, query?: Record<string, unknown>) => Promise<unknown>;
type Entity = Record<string, unknown>;

export interface VersionStorage {
  datasetId: string;
  version: string;
  isCommitted: boolean;
  location: Location;
  credentials: S3Credentials;
  /** For messages: `"name" (id)`. */
  provider: string;
}

const enc = encodeURIComponent;

/**
 * Finds where a version's files live: the version's `url` in the bucket of the dataset's storage
 * provider (the team default when the dataset names none), with the provider's S3 keys. Fails with
 * a clear message when the provider gives no usable credentials (managed storage returns none).
 */
export async function resolveVersionStorage(
  get: ApiGet,
  datasetId: string,
  version: string,
): Promise<VersionStorage> {
  if (datasetId === '' || version === '') {
    throw new FilesError('datasetId and version must be non-empty. Nothing was sent.');
  }
  const row = (await get(`/datasets/${enc(datasetId)}/versions/${enc(version)}`)) as Entity | undefined;
  if (!row) throw new FilesError(`Dataset version ${datasetId}:${version} was not found.`);
  const dataset = (await get(`/datasets/${enc(datasetId)}`)) as Entity | undefined;
  if (!dataset) throw new FilesError(`Dataset ${datasetId} was not found.`);
  const provider = await providerOf(get, dataset);
  const s3 = (provider.s3Config ?? {}) as Entity;
  const label = `"${String(provider.name ?? provider.id)}" (${String(provider.id)})`;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' && v !== '[redacted]' ? v : undefined);
  const accessKey = str(s3.accessKey);
  const secretAccessKey = str(s3.secretAccessKey);
  if (!accessKey || !secretAccessKey) {
    throw new FilesError(
      `Storage provider ${label} of dataset ${datasetId} gives no usable S3 credentials${provider.isManaged ? ' (it is managed by Paperspace)' : ''}, so this server cannot reach its files. Use a dataset on a storage provider with your own bucket and keys (storage_providers_create, then datasets_create with storageProviderId), or manage these files in the Paperspace console.`,
    );
  }
  // The exit filter then keeps the provider's secret out of anything an S3 error might echo.
  rememberSecret(secretAccessKey, "a storage provider's secret key");
  const location = parseVersionUrl(row.url as string | null);
  return {
    datasetId,
    version,
    isCommitted: row.isCommitted === true,
    location,
    provider: label,
    credentials: {
      bucket: location.bucket,
      endpoint: str(s3.endpoint) ?? null,
      region: str(s3.region) ?? null,
      accessKey,
      secretAccessKey,
    },
  };
}

async function providerOf(get: ApiGet, dataset: Entity): Promise<Entity> {
  const id = dataset.storageProviderId;
  if (typeof id === 'string' && id !== '') {
    const provider = (await get(`/storage-providers/${enc(id)}`)) as Entity | undefined;
    if (!provider)
      throw new FilesError(`Storage provider ${id} of dataset ${String(dataset.id)} was not found.`);
    return provider;
  }
  const page = (await get('/storage-providers', { limit: 120 })) as { items?: Entity[] } | undefined;
  const fallback = page?.items?.find((p) => p.isTeamDefault === true);
  if (!fallback) {
    throw new FilesError(
      `Dataset ${String(dataset.id)} names no storage provider and the team has no default one.`,
    );
  }
  return fallback;
}

/** Refuses changes to a committed version: its files are frozen. */
export function mustBeUncommitted(storage: VersionStorage, what: string): void {
  if (storage.isCommitted) {
    throw new FilesError(
      `Version ${storage.datasetId}:${storage.version} is committed, so its files cannot change: nothing was ${what}. Create a new version (datasets_versions_create) for new files.`,
    );
  }
}
