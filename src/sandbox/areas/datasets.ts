import { badRequest } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { type DatasetVersion, versionRoutes } from './datasets-versions.js';
import { checkStorageProvider, nullableString, optionalString, requiredString } from './projects-common.js';
import { bodyOf, bool, findOr404 } from './rows.js';

/** A dataset row, stored exactly as the API returns it. */
export interface Dataset extends Row {
  description: string | null;
  dtCreated: string;
  dtModified: string;
  id: string;
  isPublic: boolean;
  name: string | null;
  storageProviderId: string | null;
  teamId: string;
}

const datasetTable = (store: Store) => store.table<Dataset>('datasets');
const getDataset = (store: Store, id: string) => findOr404(store.table<Dataset>('datasets'), id, 'Dataset');

export function insertDataset(
  store: Store,
  fields: Pick<Dataset, 'name' | 'description' | 'isPublic' | 'storageProviderId'>,
): Dataset {
  const now = store.now();
  const dataset: Dataset = {
    id: store.id('ds'),
    dtCreated: now,
    dtModified: now,
    teamId: store.team.id,
    ...fields,
  };
  datasetTable(store).set(dataset.id, dataset);
  return dataset;
}

function createDataset(store: Store, body: Row): Dataset {
  const name = requiredString(body, 'name', { min: 1 });
  // Optional in the API reference; a dataset is private unless asked otherwise.
  const isPublic = bool(body, 'isPublic') ?? false;
  const description = nullableString(body, 'description') ?? null;
  const storageProviderId = checkStorageProvider(store, optionalString(body, 'storageProviderId'));
  return insertDataset(store, { name, description, isPublic, storageProviderId });
}

/** `privacy` PUBLIC lists public datasets, PRIVATE (the default) the team's private ones. */
function listDatasets(store: Store, query: Record<string, string>) {
  const privacy = query.privacy ?? 'PRIVATE';
  if (privacy !== 'PUBLIC' && privacy !== 'PRIVATE') throw badRequest('privacy must be PUBLIC or PRIVATE');
  const rows = [...datasetTable(store).values()].filter(
    (d) => d.isPublic === (privacy === 'PUBLIC') && (query.teamId === undefined || d.teamId === query.teamId),
  );
  return paginate(rows, query, ['dtCreated']);
}

function updateDataset(store: Store, id: string, body: Row): Dataset {
  const dataset = getDataset(store, id);
  const name = optionalString(body, 'name', { min: 1 });
  const description = nullableString(body, 'description');
  if (name !== undefined) dataset.name = name;
  if (description !== undefined) dataset.description = description;
  dataset.dtModified = store.now();
  return dataset;
}

function deleteDataset(store: Store, id: string): { id: string } {
  const dataset = getDataset(store, id);
  const versions = store.table<DatasetVersion>('datasetVersions');
  for (const [key, version] of versions) if (version.datasetId === dataset.id) versions.delete(key);
  datasetTable(store).delete(dataset.id);
  return { id: dataset.id };
}

export const datasets: SandboxArea = {
  routes: [
    route('POST', '/datasets', (req, store) => createDataset(store, bodyOf(req.body))),
    route('GET', '/datasets', (req, store) => listDatasets(store, req.query)),
    route('GET', '/datasets/{id}', (req, store) => getDataset(store, param(req, 'id'))),
    route('PUT', '/datasets/{id}', (req, store) => updateDataset(store, param(req, 'id'), bodyOf(req.body))),
    route('DELETE', '/datasets/{id}', (req, store) => deleteDataset(store, param(req, 'id'))),
    ...versionRoutes,
  ],
};
