import { badRequest, conflict, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, type RouteDef, route } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { bodyOf, str } from './rows.js';

/** The secrets of a project or of the team: values are stored but never answered. */

export interface StoredSecret extends Row {
  name: string;
  value: string;
  dtCreated: string;
  dtModified: string;
}

/** Where a kind of secret lives: its routes, table and owner. */
export interface SecretScope<S extends StoredSecret> {
  /** The collection path; a secret is at `${path}/{name}`, its owner is `{id}`. */
  path: string;
  table: string;
  /** Checks that the owner exists (the API's 404 otherwise). */
  checkOwner(store: Store, owner: string): void;
  /** The table key of a secret of an owner. */
  key(owner: string, name: string): string;
  /** A new row of the owner, from the fields every secret has. */
  row(owner: string, common: StoredSecret): S;
  owns(secret: S, owner: string): boolean;
  /** Whether a deployment refers to the secret (`secret:NAME`). */
  attached(store: Store, secret: S): boolean;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** A name from a path (the reference's pattern; request bodies are checked by validateRequest). */
function checkName(name: string): string {
  if (name.length < 1 || name.length > 128) throw badRequest('name must be between 1 and 128 characters');
  if (!NAME.test(name)) throw badRequest('name must match ^[a-zA-Z][a-zA-Z0-9_]*$');
  return name;
}

const brief = ({ name, dtCreated, dtModified }: StoredSecret) => ({ name, dtCreated, dtModified });

export function secretsOf<S extends StoredSecret>(scope: SecretScope<S>) {
  const table = (store: Store) => store.table<S>(scope.table);
  const full = (store: Store, secret: S) => ({
    ...brief(secret),
    hasDeploymentAttached: scope.attached(store, secret),
  });

  function add(store: Store, owner: string, name: string, value: string): S {
    scope.checkOwner(store, owner);
    const key = scope.key(owner, checkName(name));
    if (table(store).has(key)) throw conflict(`A secret named ${name} already exists`);
    const now = store.now();
    const secret = scope.row(owner, { name, value, dtCreated: now, dtModified: now });
    table(store).set(key, secret);
    return secret;
  }

  function find(store: Store, owner: string, name: string): S {
    scope.checkOwner(store, owner);
    const secret = table(store).get(scope.key(owner, checkName(name)));
    if (!secret) throw notFound('Secret', name);
    return secret;
  }

  const one = `${scope.path}/{name}`;
  const routes: RouteDef[] = [
    route('GET', scope.path, (req, store) => {
      const owner = param(req, 'id');
      scope.checkOwner(store, owner);
      const rows = [...table(store).values()].filter((s) => scope.owns(s, owner));
      const page = paginate(rows, req.query);
      return { ...page, items: page.items.map((s) => full(store, s)) };
    }),
    route('POST', scope.path, (req, store) => {
      const body = bodyOf(req.body);
      return brief(add(store, param(req, 'id'), str(body, 'name', true, 1), str(body, 'value', true, 1)));
    }),
    route('GET', one, (req, store) => full(store, find(store, param(req, 'id'), param(req, 'name')))),
    route('PATCH', one, (req, store) => {
      const secret = find(store, param(req, 'id'), param(req, 'name'));
      secret.value = str(bodyOf(req.body), 'value', true, 1);
      secret.dtModified = store.now();
      return brief(secret);
    }),
    route('DELETE', one, (req, store) => {
      const owner = param(req, 'id');
      const secret = find(store, owner, param(req, 'name'));
      table(store).delete(scope.key(owner, secret.name));
      return { name: secret.name };
    }),
  ];
  return { add, routes };
}
