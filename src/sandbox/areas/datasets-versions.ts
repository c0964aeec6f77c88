import { badRequest, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, type RouteDef, route, type SandboxRequest } from '../router.js';
import { type Store, stableFraction } from '../store.js';
import type { Row } from '../values.js';
import { isRecord } from '../values.js';
import { bodyOf, bool, findOr404, object, str } from './rows.js';

/** A dataset version, stored exactly as the API returns it, keyed by `${datasetId}:${version}`. */
export interface DatasetVersion extends Row {
  datasetId: string;
  dtCreated: string;
  dtModified: string;
  isCommitted: boolean;
  message: string | null;
  metadata: Row | null;
  tags: string[];
  url: string | null;
  usageBytes: string | null;
  userId: string | null;
  version: string;
}

const versionTable = (store: Store) => store.table<DatasetVersion>('datasetVersions');
const keyOf = (datasetId: string, version: string) => `${datasetId}:${version}`;

/** Requests carry tags comma-delimited; responses (and the store) hold a string array. */
export const parseTags = (tags: string): string[] => [
  ...new Set(
    tags
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== ''),
  ),
];

function getVersion(store: Store, datasetId: string, version: string): DatasetVersion {
  findOr404(store.table('datasets'), datasetId, 'Dataset');
  const row = versionTable(store).get(keyOf(datasetId, version));
  if (!row) throw notFound('Dataset version', version);
  return row;
}

/**
 * A committed version has its files sealed: it gets a size (50 MB to 20 GB, derived from its name,
 * so it is the same on every read); it never goes back to uncommitted.
 */
function commit(version: DatasetVersion): void {
  version.isCommitted = true;
  const fraction = stableFraction(keyOf(version.datasetId, version.version));
  version.usageBytes ??= String(50_000_000 + Math.floor(fraction * 19_950_000_000));
}

/** A version's files live in the bucket of its dataset's storage provider (else the team default's). */
function bucketOf(store: Store, datasetId: string): string {
  const providerId = store.table('datasets').get(datasetId)?.storageProviderId;
  const providers = [...store.table('storageProviders').values()];
  const provider =
    providers.find((p) => p.id === providerId) ?? providers.find((p) => p.isTeamDefault === true);
  const bucket = isRecord(provider?.s3Config) ? provider.s3Config.bucket : undefined;
  return typeof bucket === 'string' ? bucket : 'ps-datasets';
}

export function createVersion(store: Store, datasetId: string, body: Row, committed = false): DatasetVersion {
  findOr404(store.table('datasets'), datasetId, 'Dataset');
  const message = str(body, 'message');
  const tags = str(body, 'tags');
  const metadata = object(body, 'metadata');
  const now = store.now();
  const version = store.id('v', 7);
  const row: DatasetVersion = {
    version,
    datasetId,
    userId: store.user.id,
    message: message ?? null,
    metadata: metadata ?? null,
    isCommitted: false,
    url: `s3://${bucketOf(store, datasetId)}/${store.team.id}/${datasetId}/${version}/`,
    dtCreated: now,
    dtModified: now,
    tags: tags === undefined ? [] : parseTags(tags),
    usageBytes: null,
  };
  if (committed) commit(row);
  versionTable(store).set(keyOf(datasetId, version), row);
  return row;
}

function listVersions(store: Store, datasetId: string, query: Record<string, string>) {
  findOr404(store.table('datasets'), datasetId, 'Dataset');
  const wanted = query.tags === undefined ? [] : parseTags(query.tags);
  const rows = [...versionTable(store).values()].filter(
    (v) => v.datasetId === datasetId && (wanted.length === 0 || wanted.some((t) => v.tags.includes(t))),
  );
  return paginate(rows, query, ['dtCreated']);
}

function updateVersion(store: Store, datasetId: string, version: string, body: Row): DatasetVersion {
  const row = getVersion(store, datasetId, version);
  const message = str(body, 'message');
  const tags = str(body, 'tags');
  const metadata = object(body, 'metadata');
  const isCommitted = bool(body, 'isCommitted');
  if (row.isCommitted && isCommitted === false) {
    throw badRequest(`Dataset version ${version} is committed and cannot be uncommitted`);
  }
  if (message !== undefined) row.message = message;
  if (tags !== undefined) row.tags = parseTags(tags);
  if (metadata !== undefined) row.metadata = metadata;
  if (isCommitted === true) commit(row);
  row.dtModified = store.now();
  return row;
}

const params = (req: SandboxRequest) => [param(req, 'datasetId'), param(req, 'version')] as const;

export const versionRoutes: RouteDef[] = [
  route('POST', '/datasets/{datasetId}/versions', (req, store) =>
    createVersion(store, param(req, 'datasetId'), bodyOf(req.body)),
  ),
  route('GET', '/datasets/{datasetId}/versions', (req, store) =>
    listVersions(store, param(req, 'datasetId'), req.query),
  ),
  route('GET', '/datasets/{datasetId}/versions/{version}', (req, store) => getVersion(store, ...params(req))),
  route('PUT', '/datasets/{datasetId}/versions/{version}', (req, store) =>
    updateVersion(store, ...params(req), bodyOf(req.body)),
  ),
  route('DELETE', '/datasets/{datasetId}/versions/{version}', (req, store) => {
    const row = getVersion(store, ...params(req));
    versionTable(store).delete(keyOf(row.datasetId, row.version));
    return { datasetId: row.datasetId, version: row.version };
  }),
];
