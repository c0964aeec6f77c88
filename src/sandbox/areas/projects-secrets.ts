import type { RouteDef } from '../router.js';
import type { Store } from '../store.js';
import { isRecord, type Row } from '../values.js';
import { findOr404, str } from './rows.js';
import { type StoredSecret, secretsOf } from './secrets.js';

/** A project secret. The value is stored but never leaves the sandbox. */
interface Secret extends StoredSecret {
  projectId: string;
}

/** A deployment uses a project secret through an env value `secret:<NAME>`. */
function hasDeploymentAttached(store: Store, secret: Secret): boolean {
  for (const deployment of store.table('deployments').values()) {
    if (deployment.projectId !== secret.projectId) continue;
    const spec = deployment.latestSpec;
    const env = isRecord(spec) && isRecord(spec.data) ? spec.data.env : undefined;
    if (Array.isArray(env) && env.some((e) => isRecord(e) && e.value === `secret:${secret.name}`))
      return true;
  }
  return false;
}

const projectSecrets = secretsOf<Secret>({
  path: '/projects/{id}/secrets',
  table: 'projectSecrets',
  checkOwner: (store, id) => void findOr404(store.table('projects'), id, 'Project'),
  key: (projectId, name) => `${projectId}:${name}`,
  row: (projectId, common) => ({ projectId, ...common }),
  owns: (secret, projectId) => secret.projectId === projectId,
  attached: hasDeploymentAttached,
});

export const createSecret = (store: Store, projectId: string, body: Row): Secret =>
  projectSecrets.add(store, projectId, str(body, 'name', true), str(body, 'value', true));

/** Forgets the secrets of a deleted project. */
export function dropSecrets(store: Store, projectId: string): void {
  const table = store.table<Secret>('projectSecrets');
  for (const [key, secret] of table) if (secret.projectId === projectId) table.delete(key);
}

export const secretRoutes: RouteDef[] = projectSecrets.routes;
