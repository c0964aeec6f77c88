import { badRequest, conflict, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, type RouteDef, route, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { isRecord } from '../values.js';
import { bodyOf, findOr404, str } from './rows.js';

/** A project secret. The value is stored but never leaves the sandbox. */
interface Secret extends Row {
  projectId: string;
  name: string;
  value: string;
  dtCreated: string;
  dtModified: string;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const secretTable = (store: Store) => store.table<Secret>('projectSecrets');
const keyOf = (projectId: string, name: string) => `${projectId}:${name}`;

function checkName(name: string): string {
  if (name.length < 1 || name.length > 128) throw badRequest('name must be between 1 and 128 characters');
  if (!NAME.test(name)) throw badRequest('name must match ^[a-zA-Z][a-zA-Z0-9_]*$');
  return name;
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

const brief = (s: Secret) => ({ name: s.name, dtCreated: s.dtCreated, dtModified: s.dtModified });
const full = (store: Store, s: Secret) => ({
  ...brief(s),
  hasDeploymentAttached: hasDeploymentAttached(store, s),
});

function findSecret(store: Store, req: SandboxRequest): Secret {
  const projectId = param(req, 'id');
  findOr404(store.table('projects'), projectId, 'Project');
  const name = checkName(param(req, 'name'));
  const secret = secretTable(store).get(keyOf(projectId, name));
  if (!secret) throw notFound('Secret', name);
  return secret;
}

export function createSecret(store: Store, projectId: string, body: Row): Secret {
  findOr404(store.table('projects'), projectId, 'Project');
  const name = checkName(str(body, 'name', true));
  const value = str(body, 'value', true);
  const key = keyOf(projectId, name);
  if (secretTable(store).has(key)) throw conflict(`Secret ${name} already exists in project ${projectId}`);
  const now = store.now();
  const secret: Secret = { projectId, name, value, dtCreated: now, dtModified: now };
  secretTable(store).set(key, secret);
  return secret;
}

/** Forgets the secrets of a deleted project. */
export function dropSecrets(store: Store, projectId: string): void {
  const table = secretTable(store);
  for (const [key, secret] of table) if (secret.projectId === projectId) table.delete(key);
}

export const secretRoutes: RouteDef[] = [
  route('GET', '/projects/{id}/secrets', (req, store) => {
    const projectId = param(req, 'id');
    findOr404(store.table('projects'), projectId, 'Project');
    const rows = [...secretTable(store).values()].filter((s) => s.projectId === projectId);
    const page = paginate(rows, req.query, ['dtCreated']);
    return { ...page, items: page.items.map((s) => full(store, s)) };
  }),
  route('POST', '/projects/{id}/secrets', (req, store) =>
    brief(createSecret(store, param(req, 'id'), bodyOf(req.body))),
  ),
  route('GET', '/projects/{id}/secrets/{name}', (req, store) => full(store, findSecret(store, req))),
  route('PATCH', '/projects/{id}/secrets/{name}', (req, store) => {
    const secret = findSecret(store, req);
    secret.value = str(bodyOf(req.body), 'value', true);
    secret.dtModified = store.now();
    return brief(secret);
  }),
  route('DELETE', '/projects/{id}/secrets/{name}', (req, store) => {
    const secret = findSecret(store, req);
    secretTable(store).delete(keyOf(secret.projectId, secret.name));
    return { name: secret.name };
  }),
];
