import { notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { checkStorageProvider, nullableString, optionalString, requiredString } from './projects-common.js';
import { bodyOf, bool, findOr404 } from './rows.js';

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

const modelTable = (store: Store) => store.table<Model>('models');

function createModel(store: Store, body: Row): Model {
  const name = requiredString(body, 'name', { min: 1 });
  // Optional in the API reference; a model is private unless asked otherwise.
  const isPublic = bool(body, 'isPublic') ?? false;
  const description = nullableString(body, 'description') ?? null;
  const projectId = optionalString(body, 'projectId');
  if (projectId !== undefined && !store.table('projects').has(projectId))
    throw notFound('Project', projectId);
  const storageProviderId = checkStorageProvider(store, optionalString(body, 'storageProviderId'));
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
  modelTable(store).set(model.id, model);
  return model;
}

export const models: SandboxArea = {
  routes: [
    route('POST', '/models', (req, store) => createModel(store, bodyOf(req.body))),
    route('GET', '/models', (req, store) => {
      const { projectId } = req.query;
      const rows = [...modelTable(store).values()].filter(
        (m) => projectId === undefined || m.projectId === projectId,
      );
      return paginate(rows, req.query, ['dtCreated']);
    }),
    route('GET', '/models/{id}', (req, store) =>
      findOr404(store.table<Model>('models'), param(req, 'id'), 'Model'),
    ),
    route('DELETE', '/models/{id}', (req, store) => {
      const model = findOr404(store.table<Model>('models'), param(req, 'id'), 'Model');
      modelTable(store).delete(model.id);
      return { id: model.id };
    }),
  ],
};
