import type { SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { type DatasetVersion, versionRoutes } from './datasets-versions.js';
import { checkStorageProvider } from './projects-common.js';
import { bool, nullableStr, str } from './rows.js';

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
  datasetRows.rows(store).set(dataset.id, dataset);
  return dataset;
}

const datasetRows = collection<Dataset>({
  path: '/datasets',
  table: 'datasets',
  what: 'Dataset',
  equal: ['teamId'],
  /** `privacy` PUBLIC lists public datasets, PRIVATE (the default) the team's private ones. */
  filter: (d, query) => d.isPublic === (query.privacy === 'PUBLIC'),
  create: (body, store) => {
    const name = str(body, 'name', true, 1);
    // Optional in the API reference; a dataset is private unless asked otherwise.
    const isPublic = bool(body, 'isPublic') ?? false;
    const description = nullableStr(body, 'description') ?? null;
    const storageProviderId = checkStorageProvider(store, str(body, 'storageProviderId'));
    return insertDataset(store, { name, description, isPublic, storageProviderId });
  },
  update: (dataset, body, store) => {
    const name = str(body, 'name', false, 1);
    const description = nullableStr(body, 'description');
    if (name !== undefined) dataset.name = name;
    if (description !== undefined) dataset.description = description;
    dataset.dtModified = store.now();
  },
  remove: (dataset, store) => {
    const versions = store.table<DatasetVersion>('datasetVersions');
    for (const [key, version] of versions) if (version.datasetId === dataset.id) versions.delete(key);
    datasetRows.rows(store).delete(dataset.id);
    return { id: dataset.id };
  },
});

export const datasets: SandboxArea = { routes: [...datasetRows.routes, ...versionRoutes] };
