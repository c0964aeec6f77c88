import { badRequest } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import { optionalString, requiredString } from './infra-common.js';
import { bodyOf, filterBy, findOr404, optionalBoolean } from './rows.js';

type PrivateNetwork = {
  id: string;
  name: string;
  region: string;
  network: string;
  netmask: string;
  dtCreated: string;
  dtDeleted: string | null;
};

const networks = (store: Store) => store.table<PrivateNetwork>('privateNetworks');

/** Each network gets its own /24 in 10.40.0.0/16. */
function freeSubnet(store: Store): number {
  const used = new Set([...networks(store).values()].map((n) => Number(n.network.split('.')[2])));
  for (let octet = 0; octet < 256; octet++) if (!used.has(octet)) return octet;
  throw badRequest('No free subnet left for a new private network');
}

export function createNetwork(store: Store, name: string, region: string): PrivateNetwork {
  const network: PrivateNetwork = {
    id: store.id('pn'),
    name,
    region,
    network: `10.40.${freeSubnet(store)}.0`,
    netmask: '255.255.255.0',
    dtCreated: store.now(),
    dtDeleted: null,
  };
  networks(store).set(network.id, network);
  return network;
}

/** migrateMachines: every machine not yet on a private network joins the new one (the API says "all"). */
export function migrateMachines(store: Store, network: PrivateNetwork, onlyRegion?: string): void {
  const prefix = network.network.split('.').slice(0, 3).join('.');
  let host = 10;
  for (const machine of store.table('machines').values()) {
    if (machine.networkId !== null && machine.networkId !== undefined) continue;
    if (onlyRegion !== undefined && machine.region !== onlyRegion) continue;
    machine.networkId = network.id;
    machine.privateIp = `${prefix}.${host++}`;
    machine.dtModified = store.now();
  }
}

function create(req: SandboxRequest, store: Store): PrivateNetwork {
  const body = bodyOf(req.body);
  const name = requiredString(body, 'name');
  const region = requiredString(body, 'region');
  const migrate = optionalBoolean(body, 'migrateMachines') ?? false;
  const network = createNetwork(store, name, region);
  if (migrate) migrateMachines(store, network);
  return network;
}

function update(req: SandboxRequest, store: Store): PrivateNetwork {
  const body = bodyOf(req.body);
  const name = optionalString(body, 'name', 1);
  const network = findOr404(networks(store), param(req, 'id'), 'Private network');
  if (name !== undefined) network.name = name;
  return network;
}

/** A network still in use by machines or shared drives cannot be deleted. */
function remove(req: SandboxRequest, store: Store): { id: string } {
  const network = findOr404(networks(store), param(req, 'id'), 'Private network');
  const onIt = (table: string) => [...store.table(table).values()].filter((o) => o.networkId === network.id);
  const machines = onIt('machines').length;
  const drives = onIt('sharedDrives').length;
  if (machines + drives > 0) {
    throw badRequest(
      `Private network ${network.id} is still in use by ${machines} machine(s) and ${drives} shared drive(s)`,
    );
  }
  networks(store).delete(network.id);
  return { id: network.id };
}

export const privateNetworks: SandboxArea = {
  routes: [
    route('GET', '/private-networks', (req, store) =>
      paginate(filterBy(networks(store).values(), req.query, ['name', 'region']), req.query, [
        'dtCreated',
        'name',
      ]),
    ),
    route('POST', '/private-networks', create),
    route('GET', '/private-networks/{id}', (req, store) =>
      findOr404(networks(store), param(req, 'id'), 'Private network'),
    ),
    route('PUT', '/private-networks/{id}', update),
    route('DELETE', '/private-networks/{id}', remove),
  ],
};
