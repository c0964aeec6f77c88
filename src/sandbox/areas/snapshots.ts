import { badRequest } from '../errors.js';
import { route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { startEvent } from './machines-common.js';
import { getMachine, type Machine, machineTable } from './machines-model.js';
import { bodyOf, bool, str } from './rows.js';

/** A snapshot row; `dtCreated` is kept for ordering only (the API's snapshot has no dates). */
export interface Snapshot extends Row {
  id: string;
  isAutoSnapshot: boolean;
  machineId: string;
  name: string;
  dtCreated: string;
}

const view = (s: Snapshot) => ({
  id: s.id,
  isAutoSnapshot: s.isAutoSnapshot,
  machineId: s.machineId,
  name: s.name,
});

export function insertSnapshot(
  store: Store,
  machineId: string,
  name: string,
  isAutoSnapshot = false,
): Snapshot {
  const snapshot: Snapshot = {
    id: store.id('s', 8),
    name,
    machineId,
    isAutoSnapshot,
    dtCreated: store.now(),
  };
  snapshotRows.rows(store).set(snapshot.id, snapshot);
  return snapshot;
}

/** A snapshot needs a disk that is not being built or changed. */
function checkSettled(machine: Machine): void {
  if (machine.state === 'provisioning' || machine.state === 'upgrading') {
    throw badRequest(`Machine ${machine.id} is ${machine.state}; try again when it is ready or off`);
  }
}

function create(body: Row, store: Store) {
  const name = str(body, 'name', true, 1);
  const machine = getMachine(store, str(body, 'machineId', true));
  checkSettled(machine);
  const snapshot = insertSnapshot(store, machine.id, name);
  const event = startEvent(store, 'snapshot-create', machine.id);
  return { event, data: view(snapshot) };
}

function remove(snapshot: Snapshot, store: Store) {
  const { id } = snapshot;
  snapshotRows.rows(store).delete(id);
  const machine = machineTable(store).get(snapshot.machineId);
  if (machine?.restorePointSnapshotId === id) {
    machine.restorePointSnapshotId = null;
    machine.dtModified = store.now();
  }
  return { event: startEvent(store, 'snapshot-delete', snapshot.machineId), data: view(snapshot) };
}

function restore(snapshot: Snapshot, body: Row, store: Store) {
  const before = bool(body, 'createSnapshotBeforeRestore') ?? false;
  const machine = getMachine(store, snapshot.machineId);
  checkSettled(machine);
  if (before) insertSnapshot(store, machine.id, `${machine.name} before restore of ${snapshot.name}`);
  const event = startEvent(store, 'snapshot-restore', machine.id, () => {
    const current = machineTable(store).get(machine.id);
    if (current) current.dtModified = store.now();
    return current !== undefined;
  });
  return { event, data: view(snapshot) };
}

const snapshotRows = collection<Snapshot>({
  path: '/snapshots',
  table: 'snapshots',
  what: 'Snapshot',
  equal: ['machineId'],
  orderBy: ['dtCreated', 'name'],
  view,
  create,
  update: (snapshot, body) => {
    snapshot.name = str(body, 'name', false, 1) ?? snapshot.name;
  },
  remove,
});

export const snapshotTable = snapshotRows.rows;

export const snapshots: SandboxArea = {
  routes: [
    ...snapshotRows.routes,
    route('POST', '/snapshots/{id}/restore', (req, store) =>
      restore(snapshotRows.of(req, store), bodyOf(req.body), store),
    ),
  ],
};

/** Drops a deleted machine's snapshots. */
export function dropMachineSnapshots(store: Store, machineId: string): void {
  for (const [id, s] of snapshotRows.rows(store))
    if (s.machineId === machineId) snapshotRows.rows(store).delete(id);
}
