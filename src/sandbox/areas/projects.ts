import { paginate } from '../paging.js';
import { route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { type Deployment, removeDeployment } from './deployments.js';
import { activityRoutes, dropActivity } from './projects-activity.js';
import { dropMembers, memberRoutes } from './projects-members.js';
import { dropSecrets, secretRoutes } from './projects-secrets.js';
import { matches, str } from './rows.js';

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
  projectRows.rows(store).set(project.id, project);
  return project;
}

const projectRows = collection<Project>({
  path: '/projects',
  table: 'projects',
  what: 'Project',
  create: (body, store) => createProject(store, str(body, 'name', true, 1)),
  update: (project, body) => {
    project.name = str(body, 'name', true, 1);
  },
  /**
   * Deleting a project deletes its deployments, secrets, tags, collaborators and activity; its
   * models stay, unattached.
   */
  remove: (project, store) => {
    for (const deployment of [...store.table<Deployment>('deployments').values()]) {
      if (deployment.projectId === project.id) removeDeployment(store, deployment, false);
    }
    dropSecrets(store, project.id);
    dropMembers(store, project.id);
    dropActivity(store, project.id);
    projectRows.rows(store).delete(project.id);
    return { ...project, dtDeleted: store.now() };
  },
});

export const projects: SandboxArea = {
  routes: [
    ...projectRows.routes,
    route('GET', '/projects/{id}/deployments', (req, store) => {
      const project = projectRows.of(req, store);
      const rows = [...store.table<Deployment>('deployments').values()].filter(
        (d) => d.projectId === project.id && matches(d.name, req.query.name),
      );
      return paginate(rows, req.query);
    }),
    ...activityRoutes,
    ...memberRoutes,
    ...secretRoutes,
  ],
};
