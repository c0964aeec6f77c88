import { badRequest, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { optionalString, randomSecret, requiredString } from './infra-common.js';
import { bodyOf, filterBy, findOr404 } from './rows.js';

type SharedDrive = {
  id: string;
  name: string;
  /** Gigabytes. */
  size: number;
  region: string;
  networkId: string;
  mountPoint: string;
  username: string;
  password: string;
  dtCreated: string;
  dtDeleted: string | null;
};

const drives = (store: Store) => store.table<SharedDrive>('sharedDrives');

function requiredSize(body: Row): number {
  const size = body.size;
  if (size === undefined || size === null) throw badRequest('size is required');
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
    throw badRequest('size must be a positive whole number of gigabytes');
  }
  return size;
}

/** Drives are served over SMB by the network's file server at host .5 of its subnet. */
export function makeDrive(
  store: Store,
  name: string,
  size: number,
  network: Record<string, unknown>,
): SharedDrive {
  const id = store.id('sd');
  const host = String(network.network).split('.').slice(0, 3).concat('5').join('.');
  const drive: SharedDrive = {
    id,
    name,
    size,
    region: String(network.region),
    networkId: String(network.id),
    mountPoint: `\\\\${host}\\${id}`,
    username: `${id}-user`,
    password: randomSecret(16),
    dtCreated: store.now(),
    dtDeleted: null,
  };
  drives(store).set(id, drive);
  return drive;
}

function create(req: SandboxRequest, store: Store): SharedDrive {
  const body = bodyOf(req.body);
  const name = requiredString(body, 'name');
  const size = requiredSize(body);
  const region = requiredString(body, 'region');
  const networkId = requiredString(body, 'networkId');
  const network = store.table('privateNetworks').get(networkId);
  if (network === undefined) throw notFound('Private network', networkId);
  if (network.region !== region) {
    throw badRequest(`Private network ${networkId} is in region ${String(network.region)}, not ${region}`);
  }
  return makeDrive(store, name, size, network);
}

function update(req: SandboxRequest, store: Store): SharedDrive {
  const name = optionalString(bodyOf(req.body), 'name', 1);
  const drive = findOr404(drives(store), param(req, 'id'), 'Shared drive');
  if (name !== undefined) drive.name = name;
  return drive;
}

export const sharedDrives: SandboxArea = {
  routes: [
    route('GET', '/shared-drives', (req, store) =>
      paginate(filterBy(drives(store).values(), req.query, ['name', 'region']), req.query, [
        'dtCreated',
        'name',
      ]),
    ),
    route('POST', '/shared-drives', create),
    route('GET', '/shared-drives/{id}', (req, store) =>
      findOr404(drives(store), param(req, 'id'), 'Shared drive'),
    ),
    route('PUT', '/shared-drives/{id}', update),
    route('DELETE', '/shared-drives/{id}', (req, store) => {
      const drive = findOr404(drives(store), param(req, 'id'), 'Shared drive');
      drives(store).delete(drive.id);
      return { id: drive.id };
    }),
  ],
};
