import { notFound } from '../errors.js';
import type { SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { checkStorageProvider } from './projects-common.js';
import { bool, nullableStr, str } from './rows.js';

/** A model row, stored exactly as the API returns it; `projectId` is set by projects_models_add/remove. */
export interface Model extends Row {
  description: string | null;
  dtCreated: string;
  dtModified: string;
  id: string;
  isPublic: boolean;
  name: string;
  projectId: string | null;
  storageProviderId: string | null;
  teamId: string;
}

function createModel(body: Row, store: Store): Model {
  const name = str(body, 'name', true, 1);
  // Optional in the API reference; a model is private unless asked otherwise.
  const isPublic = bool(body, 'isPublic') ?? false;
  const description = nullableStr(body, 'description') ?? null;
  const projectId = str(body, 'projectId');
  if (projectId !== undefined && !store.table('projects').has(projectId))
    throw notFound('Project', projectId);
  const storageProviderId = checkStorageProvider(store, str(body, 'storageProviderId'));
  return insertModel(store, { name, isPublic, description, projectId: projectId ?? null, storageProviderId });
}

export function insertModel(
  store: Store,
  fields: Pick<Model, 'name' | 'isPublic' | 'description' | 'projectId' | 'storageProviderId'>,
): Model {
  const now = store.now();
  const model: Model = {
    id: store.id('mo'),
    dtCreated: now,
    dtModified: now,
    teamId: store.team.id,
    ...fields,
  };
  modelRows.rows(store).set(model.id, model);
  return model;
}

const modelRows = collection<Model>({
  path: '/models',
  table: 'models',
  what: 'Model',
  equal: ['projectId'],
  create: createModel,
});

export const models: SandboxArea = { routes: modelRows.routes };
