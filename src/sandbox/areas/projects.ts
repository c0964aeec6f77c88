import { paginate } from '../paging.js';
import { param, route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { type Deployment, removeDeployment } from './deployments.js';
import { activityRoutes, dropActivity } from './projects-activity.js';
import { requiredString } from './projects-common.js';
import { dropMembers, memberRoutes } from './projects-members.js';
import { dropSecrets, secretRoutes } from './projects-secrets.js';
import { bodyOf, findOr404, matches } from './rows.js';

/** A project row, stored exactly as the API returns it. */
interface Project extends Row {
  id: string;
  name: string;
  dtCreated: string;
  dtDeleted: string | null;
  repoNodeId: string | null;
  repoName: string | null;
  repoUrl: string | null;
}

const NAME_RANGE = { min: 1, max: 128 };
const projectTable = (store: Store) => store.table<Project>('projects');
const getProject = (store: Store, id: string) => findOr404(store.table<Project>('projects'), id, 'Project');

export function createProject(store: Store, name: string): Project {
  const project: Project = {
    id: store.id('pr'),
    name,
    dtCreated: store.now(),
    dtDeleted: null,
    repoNodeId: null,
    repoName: null,
    repoUrl: null,
  };
  projectTable(store).set(project.id, project);
  return project;
}

/**
 * Deleting a project deletes its deployments, secrets, tags, collaborators and activity; its models
 * stay, unattached.
 */
function deleteProject(store: Store, id: string): Project {
  const project = getProject(store, id);
  for (const deployment of [...store.table<Deployment>('deployments').values()]) {
    if (deployment.projectId === id) removeDeployment(store, deployment, false);
  }
  dropSecrets(store, id);
  dropMembers(store, id);
  dropActivity(store, id);
  projectTable(store).delete(id);
  return { ...project, dtDeleted: store.now() };
}

function listProjectDeployments(store: Store, id: string, query: Record<string, string>) {
  getProject(store, id);
  const rows = [...store.table<Deployment>('deployments').values()].filter(
    (d) => d.projectId === id && matches(d.name, query.name),
  );
  return paginate(rows, query, ['dtCreated']);
}

export const projects: SandboxArea = {
  routes: [
    route('POST', '/projects', (req, store) =>
      createProject(store, requiredString(bodyOf(req.body), 'name', NAME_RANGE)),
    ),
    route('GET', '/projects', (req, store) =>
      paginate([...projectTable(store).values()], req.query, ['dtCreated']),
    ),
    route('GET', '/projects/{id}', (req, store) => getProject(store, param(req, 'id'))),
    route('PUT', '/projects/{id}', (req, store) => {
      const project = getProject(store, param(req, 'id'));
      project.name = requiredString(bodyOf(req.body), 'name', NAME_RANGE);
      return project;
    }),
    route('DELETE', '/projects/{id}', (req, store) => deleteProject(store, param(req, 'id'))),
    route('GET', '/projects/{id}/deployments', (req, store) =>
      listProjectDeployments(store, param(req, 'id'), req.query),
    ),
    ...activityRoutes,
    ...memberRoutes,
    ...secretRoutes,
  ],
};
