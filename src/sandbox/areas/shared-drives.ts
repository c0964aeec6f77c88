import { randomInt } from 'node:crypto';
import { badRequest, notFound } from '../errors.js';
import type { SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { str } from './rows.js';

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

/** A random password of lowercase, uppercase and digits (no look-alike characters). */
function randomPassword(length: number): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function requiredSize(body: Row): number {
  const size = body.size;
  if (size === undefined || size === null) throw badRequest('size is required');
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
    throw badRequest('size must be a positive whole number of gigabytes');
  }
  return size;
}

/** Drives are served over SMB by the network's file server at host .5 of its subnet. */
export function makeDrive(store: Store, name: string, size: number, network: Row): SharedDrive {
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
    password: randomPassword(16),
    dtCreated: store.now(),
    dtDeleted: null,
  };
  drives.rows(store).set(id, drive);
  return drive;
}

function create(body: Row, store: Store): SharedDrive {
  const name = str(body, 'name', true, 1);
  const size = requiredSize(body);
  const region = str(body, 'region', true, 1);
  const networkId = str(body, 'networkId', true, 1);
  const network = store.table('privateNetworks').get(networkId);
  if (network === undefined) throw notFound('Private network', networkId);
  if (network.region !== region) {
    throw badRequest(`Private network ${networkId} is in region ${String(network.region)}, not ${region}`);
  }
  return makeDrive(store, name, size, network);
}

const drives = collection<SharedDrive>({
  path: '/shared-drives',
  table: 'sharedDrives',
  what: 'Shared drive',
  equal: ['name', 'region'],
  orderBy: ['dtCreated', 'name'],
  create,
  update: (drive, body) => {
    drive.name = str(body, 'name', false, 1) ?? drive.name;
  },
});

export const sharedDrives: SandboxArea = { routes: drives.routes };
