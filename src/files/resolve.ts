import type { Query } from '../client/api.js';
import { type Entity, entityOf, itemsOf } from '../client/entity.js';
import { type ApiPath, apiPath, idProblem } from '../client/paths.js';
import { rememberSecret } from '../secrets.js';
import { ident, quoted } from '../untrusted.js';
import { FilesError } from './errors.js';
import { type Location, parseVersionUrl } from './location.js';
import type { S3Credentials } from './s3.js';

/** GET below the API base with the caller's key; undefined means 404. */
export type ApiGet = (path: ApiPath, query?: Query) => Promise<unknown>;

export interface VersionStorage {
  datasetId: string;
  version: string;
  isCommitted: boolean;
  location: Location;
  credentials: S3Credentials;
  /** For messages: `"name" (id)`. */
  provider: string;
}

const usable = (v: unknown) => (typeof v === 'string' && v !== '' && v !== '[redacted]' ? v : undefined);

/** Where a dataset's files can be reached: its storage provider's S3 settings and keys. */
export interface DatasetStorage {
  /** For messages: `"name" (id)`. */
  provider: string;
  endpoint: string | null;
  region: string | null;
  accessKey: string;
  secretAccessKey: string;
}

/**
 * The storage provider of a dataset (the team default when the dataset names none) and its S3
 * keys. A provider without usable keys is refused in one message: Paperspace-managed storage
 * (the default) hands out none and the public API has no file access to it, so the message names
 * the team's own S3 providers, or how to add one.
 */
export async function resolveDatasetStorage(get: ApiGet, datasetId: string): Promise<DatasetStorage> {
  const dataset = entityOf(await get(apiPath('/datasets/{id}', { id: datasetId })));
  if (!dataset) throw new FilesError(`Dataset ${datasetId} was not found.`);
  const provider = await providerOf(get, dataset);
  const s3 = entityOf(provider.s3Config) ?? {};
  const label = providerLabel(provider);
  const accessKey = usable(s3.accessKey);
  const secretAccessKey = usable(s3.secretAccessKey);
  if (!accessKey || !secretAccessKey) {
    throw new FilesError(
      provider.isManaged === true
        ? `Dataset ${datasetId} keeps its files in Paperspace-managed storage (${label}): Paperspace's public API gives no access to the files there, so this server cannot list, read or upload them, and nothing was created or changed. The file tools work on datasets whose storage provider is your own S3 bucket. ${await ownProviders(get)}`
        : `Storage provider ${label} of dataset ${datasetId} gives no usable S3 credentials, so this server cannot reach its files; nothing was created or changed. Set its keys with storage_providers_update.`,
    );
  }
  // The exit filter then keeps the provider's secret out of anything an S3 error might echo.
  rememberSecret(secretAccessKey, "a storage provider's secret key");
  return {
    provider: label,
    endpoint: usable(s3.endpoint) ?? null,
    region: usable(s3.region) ?? null,
    accessKey,
    secretAccessKey,
  };
}

const providerLabel = (provider: Entity) => `${quoted(provider.name ?? provider.id)} (${ident(provider.id)})`;

/** The team's own S3 providers (with keys) as the next step, or how to add one. */
async function ownProviders(get: ApiGet): Promise<string> {
  const page = await get(apiPath('/storage-providers'), { limit: 120 }).catch(() => undefined);
  const own = itemsOf(page).filter((p) => p.isManaged !== true);
  if (own.length === 0) {
    return 'Your team has no storage provider of its own yet: add your bucket with storage_providers_create (bucket, endpoint, region, keys), then create a dataset on it with datasets_create and its storageProviderId.';
  }
  const named = own.slice(0, 5).map(providerLabel).join(', ');
  return `Your team's own S3 storage providers (storage_providers_list): ${named}${own.length > 5 ? ', …' : ''}. Create a dataset on one with datasets_create and its storageProviderId, then add versions and files to that dataset.`;
}

/**
 * Finds where a version's files live: the version's `url` in the bucket of the dataset's storage
 * provider, with the provider's S3 keys (see resolveDatasetStorage).
 */
export async function resolveVersionStorage(
  get: ApiGet,
  datasetId: string,
  version: string,
): Promise<VersionStorage> {
  if (datasetId === '' || version === '') {
    throw new FilesError('datasetId and version must be non-empty. Nothing was sent.');
  }
  const row = entityOf(
    await get(apiPath('/datasets/{datasetId}/versions/{version}', { datasetId, version })),
  );
  if (!row) throw new FilesError(`Dataset version ${datasetId}:${ident(version)} was not found.`);
  const { provider, ...keys } = await resolveDatasetStorage(get, datasetId);
  const location = parseVersionUrl(typeof row.url === 'string' ? row.url : null);
  return {
    datasetId,
    version,
    isCommitted: row.isCommitted === true,
    location,
    provider,
    credentials: { bucket: location.bucket, ...keys },
  };
}

async function providerOf(get: ApiGet, dataset: Entity): Promise<Entity> {
  const id = dataset.storageProviderId;
  if (typeof id === 'string' && id !== '') {
    if (idProblem(id)) {
      throw new FilesError(
        `Dataset ${ident(dataset.id)} names storage provider ${ident(id)}, which is not an id this server can look up; nothing was sent to storage.`,
      );
    }
    const provider = entityOf(await get(apiPath('/storage-providers/{id}', { id })));
    if (!provider)
      throw new FilesError(`Storage provider ${ident(id)} of dataset ${ident(dataset.id)} was not found.`);
    return provider;
  }
  const fallback = itemsOf(await get(apiPath('/storage-providers'), { limit: 120 })).find(
    (p) => p.isTeamDefault === true,
  );
  if (!fallback) {
    throw new FilesError(
      `Dataset ${ident(dataset.id)} names no storage provider and the team has no default one.`,
    );
  }
  return fallback;
}

/** Refuses changes to a committed version: its files are frozen. */
export function mustBeUncommitted(storage: VersionStorage, what: string): void {
  if (storage.isCommitted) {
    throw new FilesError(
      `Version ${storage.datasetId}:${ident(storage.version)} is committed, so its files cannot change: nothing was ${what}. Create a new version (datasets_versions_create) for new files.`,
    );
  }
}
