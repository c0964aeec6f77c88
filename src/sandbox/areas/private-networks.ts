import { badRequest } from '../errors.js';
import type { SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import { collection } from './collection.js';
import { bool, str } from './rows.js';

type PrivateNetwork = {
  id: string;
  name: string;
  region: string;
  network: string;
  netmask: string;
  dtCreated: string;
  dtDeleted: string | null;
};

/** Each network gets its own /24 in 10.40.0.0/16. */
function freeSubnet(store: Store): number {
  const used = new Set([...networks.rows(store).values()].map((n) => Number(n.network.split('.')[2])));
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
  networks.rows(store).set(network.id, network);
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

const networks = collection<PrivateNetwork>({
  path: '/private-networks',
  table: 'privateNetworks',
  what: 'Private network',
  equal: ['name', 'region'],
  orderBy: ['dtCreated', 'name'],
  create: (body, store) => {
    const name = str(body, 'name', true, 1);
    const region = str(body, 'region', true, 1);
    const network = createNetwork(store, name, region);
    if (bool(body, 'migrateMachines')) migrateMachines(store, network);
    return network;
  },
  update: (network, body) => {
    network.name = str(body, 'name', false, 1) ?? network.name;
  },
  /** A network still in use by machines or shared drives cannot be deleted. */
  remove: (network, store) => {
    const onIt = (table: string) =>
      [...store.table(table).values()].filter((o) => o.networkId === network.id);
    const machines = onIt('machines').length;
    const drives = onIt('sharedDrives').length;
    if (machines + drives > 0) {
      throw badRequest(
        `Private network ${network.id} is still in use by ${machines} machine(s) and ${drives} shared drive(s)`,
      );
    }
    networks.rows(store).delete(network.id);
    return { id: network.id };
  },
});

export const privateNetworks: SandboxArea = { routes: networks.routes };
