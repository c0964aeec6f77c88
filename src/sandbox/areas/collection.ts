import { paginate } from '../paging.js';
import { param, type RouteDef, route, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { bodyOf, findOr404, matches } from './rows.js';

/**
 * A collection of the simulated API declared once: its table, how a 404 names a row, and the
 * standard routes built from them (list with the API's paging and filters, get, create, update,
 * delete). An area declares only what differs: how a row is made, changed, shown or removed.
 */
export interface CollectionSpec<T extends Row> {
  /** The API path of the collection, e.g. `/shared-drives`; a row is at `${path}/{id}`. */
  path: string;
  /** The store table (Store lists the names). */
  table: string;
  /** How a 404 names a row: `Shared drive` → `Shared drive not found: sd123`. */
  what: string;
  /** Query parameters that keep the rows whose same-named field equals them. */
  equal?: readonly string[];
  /** Query parameters that keep the rows whose same-named field contains them, in any case. */
  like?: readonly string[];
  /** Any other filter of the list. */
  filter?: (row: T, query: Record<string, string>) => boolean;
  /** The list's orderBy fields, the default first (default: dtCreated). */
  orderBy?: readonly string[];
  /** What the API answers for a row (default: the row as stored). */
  view?: (row: T, store: Store) => unknown;
  /** POST to the collection: makes a row and returns the answer. */
  create?: (body: Row, store: Store) => unknown;
  /** PUT to a row: changes it; the answer is what it returns, or the row's view. */
  update?: (row: T, body: Row, store: Store) => unknown;
  /** DELETE of a row: by default it leaves the table and the answer is `{id}`; false: no DELETE. */
  remove?: ((row: T, store: Store) => unknown) | false;
}

export interface Collection<T extends Row> {
  rows(store: Store): Map<string, T>;
  /** The row with this id, or the API's 404. */
  get(store: Store, id: string): T;
  /** A row by the `{id}` of the request's path. */
  of(req: SandboxRequest, store: Store): T;
  /** What the API answers for a row. */
  view(row: T, store: Store): unknown;
  routes: RouteDef[];
}

export function collection<T extends Row & { id: string }>(spec: CollectionSpec<T>): Collection<T> {
  const rows = (store: Store) => store.table<T>(spec.table);
  const get = (store: Store, id: string) => findOr404(rows(store), id, spec.what);
  const of = (req: SandboxRequest, store: Store) => get(store, param(req, 'id'));
  const view = spec.view ?? ((row: T) => row);
  const { equal = [], like = [], filter = () => true, create, update, remove } = spec;
  const kept = (row: T, query: Record<string, string>) =>
    equal.every((f) => query[f] === undefined || row[f] === query[f]) &&
    like.every((f) => matches(row[f], query[f])) &&
    filter(row, query);
  const one = `${spec.path}/{id}`;
  const routes = [
    route('GET', spec.path, (req, store) => {
      const items = [...rows(store).values()].filter((row) => kept(row, req.query));
      const page = paginate(items, req.query, spec.orderBy);
      return { ...page, items: page.items.map((row) => view(row, store)) };
    }),
    route('GET', one, (req, store) => view(of(req, store), store)),
  ];
  if (create) routes.push(route('POST', spec.path, (req, store) => create(bodyOf(req.body), store)));
  if (update) {
    routes.push(
      route('PUT', one, (req, store) => {
        const row = of(req, store);
        return update(row, bodyOf(req.body), store) ?? view(row, store);
      }),
    );
  }
  if (remove !== false) {
    routes.push(
      route('DELETE', one, (req, store) => {
        const row = of(req, store);
        if (remove) return remove(row, store);
        rows(store).delete(row.id);
        return { id: row.id };
      }),
    );
  }
  return { rows, get, of, view, routes };
}
