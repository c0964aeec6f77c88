import { badRequest } from '../errors.js';
import { route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { oneOf, str } from './rows.js';

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

export function addRegistry(
  store: Store,
  fields: Omit<Registry, 'id' | 'dtCreated' | 'dtModified'>,
  password: string,
) {
  const now = store.now();
  const registry: Registry = { id: store.id('cr'), ...fields, dtCreated: now, dtModified: now };
  registries.rows(store).set(registry.id, registry);
  passwords(store).set(registry.id, { password });
  return registry;
}

function create(body: Row, store: Store): Registry {
  const fields = {
    name: str(body, 'name', true, 1),
    namespace: str(body, 'namespace', true),
    url: str(body, 'url', true, 1),
    username: str(body, 'username', true, 1),
    kind: oneOf(body, 'kind', KINDS) ?? 'other',
  };
  const password = str(body, 'password', true);
  checkProviderRules(fields.kind, fields.url);
  return addRegistry(store, fields, password);
}

function update(registry: Registry, body: Row, store: Store): void {
  const patch = {
    name: str(body, 'name', false, 1),
    kind: oneOf(body, 'kind', KINDS),
    namespace: str(body, 'namespace'),
    url: str(body, 'url', false, 1),
    username: str(body, 'username', false, 1),
  };
  const password = str(body, 'password');
  checkProviderRules(patch.kind ?? registry.kind, patch.url ?? registry.url);
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(registry, { [key]: value });
  }
  if (password !== undefined) passwords(store).set(registry.id, { password });
  registry.dtModified = store.now();
}

/** The simulated login fails for hosts containing "invalid" and for the password "wrong". */
function testConnection(registry: Registry, store: Store): { success: boolean; error?: string } {
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

const registries = collection<Registry>({
  path: '/container-registries',
  table: 'containerRegistries',
  what: 'Container registry',
  create,
  update,
  remove: (registry, store) => {
    registries.rows(store).delete(registry.id);
    passwords(store).delete(registry.id);
    return registry;
  },
});

export const containerRegistries: SandboxArea = {
  routes: [
    ...registries.routes,
    route('GET', '/container-registries/{id}/test-connection', (req, store) =>
      testConnection(registries.of(req, store), store),
    ),
  ],
};
