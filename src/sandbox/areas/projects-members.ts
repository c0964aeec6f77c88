import { badRequest, conflict, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, type RouteDef, route } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import type { Model } from './models.js';
import { bodyOf, findOr404, matches, publicView, str } from './rows.js';
import { findUser } from './teams.js';

/** Collaborators, tags and models of a project. */

interface CollaboratorUser extends Row {
  email: string;
  firstName: string | null;
  id: string;
  lastName: string | null;
  publicProfileImageUrl: string | null;
}

interface Collaborator extends Row {
  projectId: string;
  dtCreated: string;
  dtDeleted: string | null;
  user: CollaboratorUser;
}

interface Tag extends Row {
  projectId: string;
  id: number;
  name: string;
  dtCreated: string;
}

const INTERNAL = ['projectId'] as const;
const collaboratorTable = (store: Store) => store.table<Collaborator>('projectCollaborators');
const tagTable = (store: Store) => store.table<Tag>('projectTags');
const memberKey = (projectId: string, key: string) => `${projectId}:${key}`;
/** The id of a stored project, or a 404. */
function project(store: Store, id: string): string {
  findOr404(store.table('projects'), id, 'Project');
  return id;
}

export function addCollaborator(store: Store, projectId: string, userId: string): Collaborator {
  project(store, projectId);
  const user = findUser(store, userId);
  if (!user) throw notFound('User', userId);
  const key = memberKey(projectId, userId);
  if (collaboratorTable(store).has(key)) throw conflict(`User ${userId} is already a collaborator`);
  const row: Collaborator = { projectId, dtCreated: store.now(), dtDeleted: null, user };
  collaboratorTable(store).set(key, row);
  return row;
}

export function addTag(store: Store, projectId: string, name: string): Tag {
  project(store, projectId);
  const key = memberKey(projectId, name);
  const existing = tagTable(store).get(key);
  if (existing) return existing;
  let id = 1000;
  for (const tag of tagTable(store).values()) id = Math.max(id, tag.id);
  const tag: Tag = { projectId, id: id + 1, name, dtCreated: store.now() };
  tagTable(store).set(key, tag);
  return tag;
}

/** Forgets the collaborators and tags of a deleted project; its models leave the project. */
export function dropMembers(store: Store, projectId: string): void {
  for (const table of [collaboratorTable(store), tagTable(store)]) {
    for (const [key, row] of table) if (row.projectId === projectId) table.delete(key);
  }
  for (const model of store.table<Model>('models').values()) {
    if (model.projectId === projectId) model.projectId = null;
  }
}

function listOf<T extends Row & { projectId: string }>(
  table: Map<string, T>,
  projectId: string,
  query: Record<string, string>,
) {
  const page = paginate(
    [...table.values()].filter((r) => r.projectId === projectId),
    query,
    ['dtCreated'],
  );
  return { ...page, items: page.items.map((r) => publicView(r, INTERNAL)) };
}

function moveModel(store: Store, projectId: string, modelId: string, to: 'add' | 'remove'): Model {
  project(store, projectId);
  const model = findOr404(store.table<Model>('models'), modelId, 'Model');
  if (to === 'remove' && model.projectId !== projectId) {
    throw notFound('Model', `${modelId} in project ${projectId}`);
  }
  model.projectId = to === 'add' ? projectId : null;
  model.dtModified = store.now();
  return model;
}

export const memberRoutes: RouteDef[] = [
  route('GET', '/projects/{id}/collaborators', (req, store) =>
    listOf(collaboratorTable(store), project(store, param(req, 'id')), req.query),
  ),
  route('POST', '/projects/{id}/collaborators', (req, store) => {
    const userId = str(bodyOf(req.body), 'userId', true, 1);
    return publicView(addCollaborator(store, param(req, 'id'), userId), INTERNAL);
  }),
  route('DELETE', '/projects/{id}/collaborators/{userId}', (req, store) => {
    const projectId = project(store, param(req, 'id'));
    const userId = param(req, 'userId');
    if (!collaboratorTable(store).delete(memberKey(projectId, userId)))
      throw notFound('Collaborator', userId);
    return { userId };
  }),
  route('GET', '/projects/{id}/tags', (req, store) =>
    listOf(tagTable(store), project(store, param(req, 'id')), req.query),
  ),
  route('POST', '/projects/{id}/tags', (req, store) => {
    const name = str(bodyOf(req.body), 'name', true, 1);
    return publicView(addTag(store, param(req, 'id'), name), INTERNAL);
  }),
  route('DELETE', '/projects/{id}/tags', (req, store) => {
    const projectId = project(store, param(req, 'id'));
    const { name } = req.query;
    if (name === undefined || name === '') throw badRequest('name is required');
    const tag = tagTable(store).get(memberKey(projectId, name));
    if (!tag) throw notFound('Tag', name);
    tagTable(store).delete(memberKey(projectId, name));
    return publicView(tag, INTERNAL);
  }),
  route('GET', '/projects/{id}/models', (req, store) => {
    const projectId = project(store, param(req, 'id'));
    const rows = [...store.table<Model>('models').values()].filter(
      (m) => m.projectId === projectId && matches(m.name, req.query.name),
    );
    return paginate(rows, req.query, ['dtCreated']);
  }),
  route('POST', '/projects/{id}/models/{modelId}', (req, store) =>
    moveModel(store, param(req, 'id'), param(req, 'modelId'), 'add'),
  ),
  route('DELETE', '/projects/{id}/models/{modelId}', (req, store) =>
    moveModel(store, param(req, 'id'), param(req, 'modelId'), 'remove'),
  ),
];
