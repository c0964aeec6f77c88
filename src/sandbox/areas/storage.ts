import { badRequest, SandboxHttpError } from '../errors.js';
import { route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import { isRecord, type Row } from '../values.js';
import { collection } from './collection.js';
import { bool, nullableStr, str } from './rows.js';

type S3Config = {
  accessKey: string;
  bucket: string;
  secretAccessKey: string;
  endpoint: string | null;
  region: string | null;
  retainData: boolean | null;
  signatureVersion: string | null;
};

/** `dtCreated` orders the list; the API's provider objects do not carry it, so answers drop it. */
type StoredProvider = {
  id: string;
  name: string;
  isManaged: boolean;
  isTeamDefault: boolean | null;
  s3Config: S3Config;
  dtCreated: string;
};

/** 50 GiB of free storage on the simulated plan. */
const FREE_STORAGE = 50n * 1024n ** 3n;

function parseS3Config(body: Row): S3Config {
  const raw = body.s3Config;
  if (raw === undefined || raw === null) throw badRequest('s3Config is required');
  if (!isRecord(raw)) throw badRequest('s3Config must be an object');
  try {
    return readS3Config(raw);
  } catch (error) {
    // Name the nested field in full (s3Config.bucket …).
    if (error instanceof SandboxHttpError) throw badRequest(`s3Config.${error.message}`);
    throw error;
  }
}

function readS3Config(config: Row): S3Config {
  const endpoint = nullableStr(config, 'endpoint') ?? null;
  if (endpoint !== null && !URL.canParse(endpoint)) throw badRequest('endpoint must be a URI');
  return {
    accessKey: str(config, 'accessKey', true, 1),
    bucket: str(config, 'bucket', true, 1),
    secretAccessKey: str(config, 'secretAccessKey', true, 1),
    endpoint,
    region: nullableStr(config, 'region') ?? null,
    retainData: bool(config, 'retainData') ?? false,
    signatureVersion: nullableStr(config, 'signatureVersion') ?? null,
  };
}

function parseType(body: Row): void {
  const type = str(body, 'storageProviderType', true, 1);
  if (type !== 's3') throw badRequest('storageProviderType must be one of: s3');
}

/** Only one provider is the team default. */
function makeDefault(store: Store, provider: StoredProvider): void {
  for (const other of providers.rows(store).values()) if (other !== provider) other.isTeamDefault = false;
  provider.isTeamDefault = true;
}

export function addProvider(store: Store, fields: Omit<StoredProvider, 'id' | 'dtCreated'>): StoredProvider {
  const provider: StoredProvider = { id: store.id('spl'), ...fields, dtCreated: store.now() };
  providers.rows(store).set(provider.id, provider);
  if (provider.isTeamDefault) makeDefault(store, provider);
  return provider;
}

const view = ({ dtCreated: _, ...provider }: StoredProvider) => provider;

function unmanaged(provider: StoredProvider): StoredProvider {
  if (provider.isManaged) throw badRequest(`Storage provider ${provider.id} is managed by Paperspace`);
  return provider;
}

const providers = collection<StoredProvider>({
  path: '/storage-providers',
  table: 'storageProviders',
  what: 'Storage provider',
  view,
  create: (body, store) => {
    const name = str(body, 'name', true, 1);
    parseType(body);
    const isTeamDefault = bool(body, 'isTeamDefault') ?? false;
    const s3Config = parseS3Config(body);
    return view(addProvider(store, { name, isManaged: false, isTeamDefault, s3Config }));
  },
  update: (provider, body, store) => {
    const name = str(body, 'name', true, 1);
    // Optional in the API reference: without it the team default stays as it is.
    const isTeamDefault = bool(body, 'isTeamDefault');
    const s3Config = parseS3Config(body);
    Object.assign(unmanaged(provider), { name, s3Config });
    if (isTeamDefault === true) makeDefault(store, provider);
    else if (isTeamDefault === false) provider.isTeamDefault = false;
  },
  /** A provider that datasets or models still live on cannot be deleted. */
  remove: (provider, store) => {
    unmanaged(provider);
    const users = ['datasets', 'models'].flatMap((t) =>
      [...store.table(t).values()].filter((o) => o.storageProviderId === provider.id),
    );
    if (users.length > 0) {
      throw badRequest(`Storage provider ${provider.id} still holds ${users.length} dataset(s) or model(s)`);
    }
    providers.rows(store).delete(provider.id);
    return { id: provider.id };
  },
});

/** Sum of a byte-count field (a string or number, possibly null) over a collection. */
function sumBytes(store: Store, table: string, field: string): bigint {
  let total = 0n;
  for (const row of store.table(table).values()) {
    const value = row[field];
    if (
      (typeof value === 'string' && /^\d+$/.test(value)) ||
      (typeof value === 'number' && Number.isInteger(value))
    ) {
      total += BigInt(value);
    }
  }
  return total;
}

function utilization(store: Store) {
  const datasetUsage = sumBytes(store, 'datasetVersions', 'usageBytes');
  const modelUsage = sumBytes(store, 'models', 'usageBytes');
  const totalUsage = datasetUsage + modelUsage;
  const remaining = FREE_STORAGE > totalUsage ? FREE_STORAGE - totalUsage : 0n;
  return {
    datasetUsage: String(datasetUsage),
    modelUsage: String(modelUsage),
    notebookWorkspaceUsage: '0',
    sharedStorageUsage: '0',
    totalUsage: String(totalUsage),
    totalFreeStorage: String(FREE_STORAGE),
    remainingFreeStorage: String(remaining),
  };
}

export const storage: SandboxArea = {
  routes: [
    ...providers.routes,
    route('GET', '/storage-providers/utilization', (_req, store) => utilization(store)),
  ],
};
