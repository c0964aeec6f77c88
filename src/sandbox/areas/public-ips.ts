import { randomInt } from 'node:crypto';
import { badRequest, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import { bodyOf, findOr404, str } from './rows.js';

/** A claimed static IP, keyed by its address; `assignedMachineId` is absent while unassigned. */
type PublicIp = {
  ip: string;
  region: string;
  dtCreated: string;
  assignedMachineId?: string;
};

/** The first two octets of the static-IP pool of each region. */
const POOLS: Record<string, string> = { ny2: '184.105', ca1: '74.82', ams1: '185.107' };

const ips = (store: Store) => store.table<PublicIp>('publicIps');
const machines = (store: Store) => store.table('machines');

function freeAddress(store: Store, region: string): string {
  const prefix = POOLS[region] ?? '184.105';
  for (;;) {
    const ip = `${prefix}.${randomInt(1, 255)}.${randomInt(2, 255)}`;
    if (!ips(store).has(ip)) return ip;
  }
}

export function claim(store: Store, region: string): PublicIp {
  const entry: PublicIp = { ip: freeAddress(store, region), region, dtCreated: store.now() };
  ips(store).set(entry.ip, entry);
  return entry;
}

/** Detaches an IP from the machine that has it (the machine falls back to no public IP). */
function detach(store: Store, entry: PublicIp): void {
  const machine = entry.assignedMachineId ? machines(store).get(entry.assignedMachineId) : undefined;
  if (machine && machine.publicIp === entry.ip) {
    machine.publicIp = null;
    machine.publicIpType = 'none';
    machine.dtModified = store.now();
  }
  delete entry.assignedMachineId;
}

export function attach(store: Store, entry: PublicIp, machineId: string): void {
  for (const other of ips(store).values()) {
    if (other.assignedMachineId === machineId && other !== entry) detach(store, other);
  }
  detach(store, entry);
  const machine = machines(store).get(machineId);
  if (machine) {
    machine.publicIp = entry.ip;
    machine.publicIpType = 'static';
    machine.dtModified = store.now();
  }
  entry.assignedMachineId = machineId;
}

function assign(req: SandboxRequest, store: Store): PublicIp {
  const body = bodyOf(req.body);
  if (!('machineId' in body)) throw badRequest('machineId is required');
  const machineId = body.machineId;
  if (machineId !== null && (typeof machineId !== 'string' || machineId === '')) {
    throw badRequest('machineId must be a string or null');
  }
  const entry = findOr404(ips(store), param(req, 'ip'), 'Public IP');
  if (machineId === null) {
    detach(store, entry);
    return entry;
  }
  const machine = machines(store).get(machineId);
  if (machine === undefined) throw notFound('Machine', machineId);
  if (typeof machine.region === 'string' && machine.region !== entry.region) {
    throw badRequest(
      `Public IP ${entry.ip} is in region ${entry.region} but the machine is in ${machine.region}`,
    );
  }
  attach(store, entry, machineId);
  return entry;
}

export const publicIps: SandboxArea = {
  routes: [
    route('GET', '/public-ips', (req, store) =>
      paginate(
        [...ips(store).values()].filter(
          (ip) => req.query.region === undefined || ip.region === req.query.region,
        ),
        req.query,
      ),
    ),
    route('POST', '/public-ips', (req, store) => claim(store, str(bodyOf(req.body), 'region', true, 1))),
    route('PUT', '/public-ips/{ip}', assign),
    route('DELETE', '/public-ips/{ip}', (req, store) => {
      const entry = findOr404(ips(store), param(req, 'ip'), 'Public IP');
      detach(store, entry);
      ips(store).delete(entry.ip);
      return { ip: entry.ip };
    }),
  ],
};
