import { badRequest } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { optionalEnum, optionalString, requiredString } from './infra-common.js';
import { bodyOf, findOr404 } from './rows.js';

const KINDS = ['other', 'dockerhub', 'gcr', 'ghcr', 'digitalocean', 'azure'] as const;
type Kind = (typeof KINDS)[number];

type Registry = {
  id: string;
  name: string;
  kind: Kind;
  namespace: string;
  url: string;
  username: string;
  dtCreated: string;
  dtModified: string;
};

const registries = (store: Store) => store.table<Registry>('containerRegistries');
/** Passwords are write-only: kept apart from the objects the API answers with. */
const passwords = (store: Store) => store.table<{ password: string }>('containerRegistryPasswords');

/** The hosts each provider kind accepts ("other" accepts any URL). */
const PROVIDER_HOSTS: Record<Kind, readonly string[]> = {
  other: [],
  dockerhub: ['docker.io'],
  gcr: ['gcr.io', 'pkg.dev'],
  ghcr: ['ghcr.io'],
  digitalocean: ['registry.digitalocean.com'],
  azure: ['azurecr.io'],
};

function checkProviderRules(kind: Kind, url: string): void {
  const hosts = PROVIDER_HOSTS[kind];
  if (hosts.length > 0 && !hosts.some((h) => url.includes(h))) {
    throw badRequest(`url must be a ${kind} registry URL (${hosts.join(' or ')})`);
  }
}

function getRegistry(req: SandboxRequest, store: Store): Registry {
  return findOr404(registries(store), param(req, 'id'), 'Container registry');
}

export function addRegistry(
  store: Store,
  fields: Omit<Registry, 'id' | 'dtCreated' | 'dtModified'>,
  password: string,
) {
  const now = store.now();
  const registry: Registry = { id: store.id('cr'), ...fields, dtCreated: now, dtModified: now };
  registries(store).set(registry.id, registry);
  passwords(store).set(registry.id, { password });
  return registry;
}

function create(req: SandboxRequest, store: Store): Registry {
  const body = bodyOf(req.body);
  const fields = {
    name: requiredString(body, 'name'),
    namespace: requiredString(body, 'namespace', 0),
    url: requiredString(body, 'url'),
    username: requiredString(body, 'username'),
    kind: optionalEnum(body, 'kind', KINDS) ?? 'other',
  };
  const password = requiredString(body, 'password', 0);
  checkProviderRules(fields.kind, fields.url);
  return addRegistry(store, fields, password);
}

function changes(body: Row) {
  return {
    name: optionalString(body, 'name', 1),
    kind: optionalEnum(body, 'kind', KINDS),
    namespace: optionalString(body, 'namespace'),
    url: optionalString(body, 'url', 1),
    username: optionalString(body, 'username', 1),
  };
}

function update(req: SandboxRequest, store: Store): Registry {
  const body = bodyOf(req.body);
  const patch = changes(body);
  const password = optionalString(body, 'password');
  const registry = getRegistry(req, store);
  checkProviderRules(patch.kind ?? registry.kind, patch.url ?? registry.url);
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(registry, { [key]: value });
  }
  if (password !== undefined) passwords(store).set(registry.id, { password });
  registry.dtModified = store.now();
  return registry;
}

/** The simulated login fails for hosts containing "invalid" and for the password "wrong". */
function testConnection(req: SandboxRequest, store: Store): { success: boolean; error?: string } {
  const registry = getRegistry(req, store);
  if (registry.url.includes('invalid')) {
    return {
      success: false,
      error: `Get "https://${registry.url}/v2/": dial tcp: lookup failed: no such host`,
    };
  }
  if (passwords(store).get(registry.id)?.password === 'wrong') {
    return { success: false, error: 'unauthorized: incorrect username or password' };
  }
  return { success: true };
}

export const containerRegistries: SandboxArea = {
  routes: [
    route('GET', '/container-registries', (req, store) => paginate(registries(store).values(), req.query)),
    route('POST', '/container-registries', create),
    route('GET', '/container-registries/{id}', getRegistry),
    route('PUT', '/container-registries/{id}', update),
    route('DELETE', '/container-registries/{id}', (req, store) => {
      const registry = getRegistry(req, store);
      registries(store).delete(registry.id);
      passwords(store).delete(registry.id);
      return registry;
    }),
    route('GET', '/container-registries/{id}/test-connection', testConnection),
  ],
};
