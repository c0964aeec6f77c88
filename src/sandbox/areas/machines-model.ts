import { randomInt } from 'node:crypto';
import { notFound } from '../errors.js';
import { type MachineType, storageRate } from '../seed/machine-catalog.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';

export type MachineState =
  | 'off'
  | 'starting'
  | 'stopping'
  | 'restarting'
  | 'serviceready'
  | 'ready'
  | 'upgrading'
  | 'provisioning';

/** A machine row, stored exactly as the API returns it. */
export interface Machine extends Row {
  accelerators: { count: number; memory: number | null; name: string }[] | null;
  agentType: string;
  autoShutdownEnabled: boolean;
  autoShutdownForce: boolean | null;
  autoShutdownTimeout: number | null;
  autoSnapshotEnabled: boolean;
  autoSnapshotFrequency: 'hourly' | 'daily' | 'weekly' | 'monthly' | null;
  autoSnapshotSaveCount: number | null;
  cpus: number;
  dtCreated: string;
  /** null while the machine exists (the reference types it as a date). */
  dtDeleted: string | null;
  dtModified: string;
  id: string;
  machineType: string;
  name: string;
  networkId: string | null;
  os: string;
  privateIp: string | null;
  publicIp: string | null;
  publicIpType: 'static' | 'dynamic' | 'none';
  ram: number;
  region: string;
  reservation: null;
  restorePointEnabled: boolean;
  restorePointFrequency: 'shutdown' | null;
  restorePointSnapshotId: string | null;
  state: MachineState;
  storageRate: number;
  storageTotal: number;
  storageUsed: number;
  updatesPending: boolean;
  usageRate: number;
}

export const GIB = 1024 ** 3;

export const machineTable = (store: Store) => store.table<Machine>('machines');

export function getMachine(store: Store, id: string): Machine {
  const machine = machineTable(store).get(id);
  if (!machine) throw notFound('Machine', id);
  return machine;
}

export const diskSizeOf = (machine: Machine) => Math.round(machine.storageTotal / GIB);

export const publicIp = () => `184.105.${randomInt(2, 254)}.${randomInt(2, 254)}`;
export const privateIp = () => `10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(2, 254)}`;

/** Sets the hardware fields that follow from the machine type. */
export function applyType(machine: Machine, type: MachineType): void {
  machine.machineType = type.label;
  machine.cpus = type.cpus;
  machine.ram = type.ramGb * GIB;
  machine.usageRate = type.usageRate;
  machine.accelerators = type.gpu ? [{ ...type.gpu }] : null;
}

export function applyDisk(machine: Machine, gb: number): void {
  machine.storageTotal = gb * GIB;
  machine.storageRate = storageRate(gb);
}

/** A static public IP is kept while the machine exists; a dynamic one only while it runs. */
export function refreshIp(machine: Machine): void {
  const running = machine.state !== 'off' && machine.state !== 'provisioning';
  const wanted = machine.publicIpType === 'static' || (machine.publicIpType === 'dynamic' && running);
  machine.publicIp = wanted ? (machine.publicIp ?? publicIp()) : null;
}

export function setState(store: Store, machine: Machine, state: MachineState): void {
  machine.state = state;
  machine.dtModified = store.now();
  refreshIp(machine);
}

export interface Accessor extends Row {
  /** The user id (accessors are listed by `id`). */
  id: string;
  machineId: string;
  user: {
    email: string;
    firstName: string | null;
    id: string;
    lastName: string | null;
    publicProfileImageUrl: string | null;
  };
  dtDeleted: string | null;
}

export const accessorTable = (store: Store) => store.table<Accessor>('machineAccessors');
export const accessorKey = (machineId: string, userId: string) => `${machineId}/${userId}`;
export const accessorView = (a: Accessor) => ({ user: { ...a.user }, dtDeleted: a.dtDeleted });

/** Adds `userId` as an accessor of a machine (the caller has checked both exist). */
export function addAccessor(store: Store, machineId: string, user: Accessor['user']): Accessor {
  const accessor: Accessor = { id: user.id, machineId, user, dtDeleted: null };
  accessorTable(store).set(accessorKey(machineId, user.id), accessor);
  return accessor;
}

/** A machine in state 'provisioning' with the defaults of machines_create (not stored yet). */
export function newMachine(
  store: Store,
  spec: {
    name: string;
    type: MachineType;
    diskSize: number;
    template: { operatingSystemLabel: string; agentType: string };
    region: string;
    networkId: string | null;
  },
): Machine {
  const now = store.now();
  const machine: Machine = {
    id: store.id('ps'),
    name: spec.name,
    state: 'provisioning',
    os: spec.template.operatingSystemLabel,
    agentType: spec.template.agentType,
    region: spec.region,
    networkId: spec.networkId,
    privateIp: privateIp(),
    publicIp: null,
    publicIpType: 'dynamic',
    accelerators: null,
    machineType: spec.type.label,
    cpus: 0,
    ram: 0,
    usageRate: 0,
    storageTotal: 0,
    storageRate: 0,
    storageUsed: Math.round(11.4 * GIB),
    autoShutdownEnabled: false,
    autoShutdownForce: null,
    autoShutdownTimeout: null,
    autoSnapshotEnabled: false,
    autoSnapshotFrequency: null,
    autoSnapshotSaveCount: null,
    restorePointEnabled: false,
    restorePointFrequency: null,
    restorePointSnapshotId: null,
    updatesPending: false,
    reservation: null,
    dtCreated: now,
    dtModified: now,
    dtDeleted: null,
  };
  applyType(machine, spec.type);
  applyDisk(machine, spec.diskSize);
  return machine;
}
