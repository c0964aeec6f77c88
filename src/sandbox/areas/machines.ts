import { badRequest, notFound } from '../errors.js';
import type { SandboxArea } from '../router.js';
import { DISK_SIZES, type MachineType, machineType, OS_TEMPLATES, REGIONS } from '../seed/machine-catalog.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { isOneOf } from '../values.js';
import { collection } from './collection.js';
import { templateTable } from './custom-templates.js';
import { startEvent } from './machines-common.js';
import { machineExtraRoutes } from './machines-extras.js';
import { lifecycleRoutes } from './machines-lifecycle.js';
import {
  accessorTable,
  addAccessor,
  applyDisk,
  applyType,
  diskSizeOf,
  type Machine,
  machineTable,
  newMachine,
  refreshIp,
  setState,
} from './machines-model.js';
import { bool, num, oneOf, str, strings } from './rows.js';
import { dropMachineSnapshots, insertSnapshot, snapshotTable } from './snapshots.js';
import { assignScript, getScript, unassignEverywhere } from './startup-scripts.js';
import { findUser } from './teams.js';

const FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly'] as const;
const IP_TYPES = ['static', 'dynamic', 'none'] as const;

function checkType(label: string, region: string): MachineType {
  const type = machineType(label);
  if (!type) throw badRequest(`machineType ${label} is not a known machine type`);
  if (!type.regions.includes(region)) throw badRequest(`Machine type ${label} is not available in ${region}`);
  return type;
}

function checkDisk(gb: number): void {
  if (!isOneOf(DISK_SIZES, gb)) {
    throw badRequest(`diskSize must be one of: ${DISK_SIZES.join(', ')}`);
  }
}

/** An OS template or a custom template, as machines_create uses it. */
function findTemplate(store: Store, id: string) {
  const template = OS_TEMPLATES.find((t) => t.id === id) ?? templateTable(store).get(id);
  if (!template) throw notFound('Template', id);
  return template;
}

function checkNetwork(store: Store, id: string | undefined): void {
  if (id !== undefined && !store.table('privateNetworks').has(id)) throw notFound('Private network', id);
}

/** The settings machines_create and machines_update share, validated (nothing applied yet). */
function settings(body: Row) {
  return {
    publicIpType: oneOf(body, 'publicIpType', IP_TYPES),
    autoSnapshotEnabled: bool(body, 'autoSnapshotEnabled'),
    autoSnapshotFrequency: oneOf(body, 'autoSnapshotFrequency', FREQUENCIES),
    autoSnapshotSaveCount: num(body, 'autoSnapshotSaveCount'),
    autoShutdownEnabled: bool(body, 'autoShutdownEnabled'),
    autoShutdownTimeout: num(body, 'autoShutdownTimeout'),
    autoShutdownForce: bool(body, 'autoShutdownForce'),
    restorePointEnabled: bool(body, 'restorePointEnabled'),
    restorePointFrequency: oneOf(body, 'restorePointFrequency', ['shutdown'] as const),
  };
}

function applySettings(machine: Machine, s: ReturnType<typeof settings>): void {
  for (const [key, value] of Object.entries(s)) if (value !== undefined) machine[key] = value;
  refreshIp(machine);
}

function create(body: Row, store: Store) {
  const name = str(body, 'name', true, 1);
  const label = str(body, 'machineType', true, 1);
  const templateId = str(body, 'templateId', true, 1);
  const diskSize = num(body, 'diskSize', true);
  const region = str(body, 'region', true, 1);
  const networkId = str(body, 'networkId');
  const common = settings(body);
  const takeInitialSnapshot = bool(body, 'takeInitialSnapshot') ?? false;
  const startupScriptId = str(body, 'startupScriptId');
  bool(body, 'emailPassword');
  bool(body, 'enableNvlink');
  const startOnCreate = bool(body, 'startOnCreate') ?? true;
  const accessorIds = strings(body, 'accessorIds') ?? [];

  if (!isOneOf(REGIONS, region)) throw badRequest(`region must be one of: ${REGIONS.join(', ')}`);
  checkDisk(diskSize);
  const type = checkType(label, region);
  const template = findTemplate(store, templateId);
  if (!template.availableMachineTypes.some((m) => m.machineTypeLabel === label)) {
    throw badRequest(`Template ${templateId} does not support machine type ${label}`);
  }
  if ('region' in template && template.region !== region) {
    throw badRequest(`Template ${templateId} is in region ${String(template.region)}, not ${region}`);
  }
  if (diskSize < (template.defaultSizeGb ?? 0)) {
    throw badRequest(`diskSize must be at least ${template.defaultSizeGb} GB for template ${templateId}`);
  }
  checkNetwork(store, networkId);
  const script = startupScriptId === undefined ? undefined : getScript(store, startupScriptId);
  const users = accessorIds.map((id) => findUser(store, id) ?? notFoundUser(id));

  const machine = newMachine(store, { name, type, diskSize, template, region, networkId: networkId ?? null });
  applySettings(machine, common);
  machineTable(store).set(machine.id, machine);
  for (const user of users) addAccessor(store, machine.id, user);
  if (script) assignScript(script, machine.id);
  if (takeInitialSnapshot) {
    const snapshot = insertSnapshot(store, machine.id, `${name} initial snapshot`);
    if (machine.restorePointEnabled) machine.restorePointSnapshotId = snapshot.id;
  }
  const event = startEvent(store, 'create', machine.id, () => {
    if (machineTable(store).get(machine.id) !== machine) return false;
    setState(store, machine, startOnCreate ? 'ready' : 'off');
    return true;
  });
  return { event, data: { ...machine } };
}

function notFoundUser(id: string): never {
  throw notFound('User', id);
}

/** A new machine type or a bigger disk takes the machine through 'upgrading' back to its state. */
function update(machine: Machine, body: Row, store: Store) {
  const { id } = machine;
  const name = str(body, 'name', false, 1);
  const label = str(body, 'machineType', false, 1);
  const diskSize = num(body, 'diskSize');
  const networkId = str(body, 'networkId');
  const common = settings(body);
  const restorePointSnapshotId = str(body, 'restorePointSnapshotId');

  const type =
    label === undefined || label === machine.machineType ? undefined : checkType(label, machine.region);
  if (diskSize !== undefined) {
    checkDisk(diskSize);
    if (diskSize < diskSizeOf(machine)) {
      throw badRequest(`diskSize cannot shrink: the disk is ${diskSizeOf(machine)} GB, asked ${diskSize} GB`);
    }
  }
  const resize = diskSize !== undefined && diskSize !== diskSizeOf(machine);
  const upgrade = type !== undefined || resize;
  const back = machine.state === 'off' ? 'off' : 'ready';
  if (upgrade && machine.state !== 'off' && machine.state !== 'ready' && machine.state !== 'serviceready') {
    throw badRequest(`Machine ${id} is ${machine.state}; change its type or disk when it is ready or off`);
  }
  checkNetwork(store, networkId);
  if (
    restorePointSnapshotId !== undefined &&
    snapshotTable(store).get(restorePointSnapshotId)?.machineId !== id
  ) {
    throw notFound('Snapshot', restorePointSnapshotId);
  }

  if (name !== undefined) machine.name = name;
  if (networkId !== undefined) machine.networkId = networkId;
  if (restorePointSnapshotId !== undefined) machine.restorePointSnapshotId = restorePointSnapshotId;
  applySettings(machine, common);
  if (type) applyType(machine, type);
  if (resize) applyDisk(machine, diskSize);
  machine.dtModified = store.now();
  if (!upgrade) return { data: { ...machine } };
  setState(store, machine, 'upgrading');
  const event = startEvent(store, 'vm-upgrade', id, () => {
    if (machineTable(store).get(id) !== machine || machine.state !== 'upgrading') return false;
    setState(store, machine, back);
    return true;
  });
  return { event, data: { ...machine } };
}

/** Deleting removes the machine at once (with its snapshots, accessors and script assignments). */
function remove(machine: Machine, store: Store) {
  const { id } = machine;
  machineTable(store).delete(id);
  dropMachineSnapshots(store, id);
  unassignEverywhere(store, id);
  for (const [key, accessor] of accessorTable(store))
    if (accessor.machineId === id) accessorTable(store).delete(key);
  const event = startEvent(store, 'delete', id);
  return { event, data: { ...machine, dtDeleted: store.now() } };
}

const machineRows = collection<Machine>({
  path: '/machines',
  table: 'machines',
  what: 'Machine',
  equal: ['region', 'agentType', 'machineType'],
  like: ['name'],
  orderBy: ['dtCreated', 'name', 'state'],
  view: (m) => ({ ...m }),
  create,
  update,
  remove,
});

export const machines: SandboxArea = {
  routes: [...machineRows.routes, ...lifecycleRoutes, ...machineExtraRoutes],
};
