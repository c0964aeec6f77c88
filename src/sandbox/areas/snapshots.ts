import { badRequest, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { bool, startEvent, str } from './machines-common.js';
import { getMachine, type Machine, machineTable } from './machines-model.js';
import { bodyOf } from './rows.js';

/** A snapshot row; `dtCreated` is kept for ordering only (the API's snapshot has no dates). */
export interface Snapshot extends Row {
  id: string;
  isAutoSnapshot: boolean;
  machineId: string;
  name: string;
  dtCreated: string;
}

export const snapshotTable = (store: Store) => store.table<Snapshot>('snapshots');

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
  snapshotTable(store).set(snapshot.id, snapshot);
  return snapshot;
}

function getSnapshot(store: Store, id: string): Snapshot {
  const snapshot = snapshotTable(store).get(id);
  if (!snapshot) throw notFound('Snapshot', id);
  return snapshot;
}

/** A snapshot needs a disk that is not being built or changed. */
function checkSettled(machine: Machine): void {
  if (machine.state === 'provisioning' || machine.state === 'upgrading') {
    throw badRequest(`Machine ${machine.id} is ${machine.state}; try again when it is ready or off`);
  }
}

function create(store: Store, body: Row) {
  const name = str(body, 'name', true, 1);
  const machine = getMachine(store, str(body, 'machineId', true));
  checkSettled(machine);
  const snapshot = insertSnapshot(store, machine.id, name);
  const event = startEvent(store, 'snapshot-create', machine.id);
  return { event, data: view(snapshot) };
}

function remove(store: Store, id: string) {
  const snapshot = getSnapshot(store, id);
  snapshotTable(store).delete(id);
  const machine = machineTable(store).get(snapshot.machineId);
  if (machine?.restorePointSnapshotId === id) {
    machine.restorePointSnapshotId = null;
    machine.dtModified = store.now();
  }
  return { event: startEvent(store, 'snapshot-delete', snapshot.machineId), data: view(snapshot) };
}

function restore(store: Store, id: string, body: Row) {
  const snapshot = getSnapshot(store, id);
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

export const snapshots: SandboxArea = {
  routes: [
    route('POST', '/snapshots', (req, store) => create(store, bodyOf(req.body))),
    route('GET', '/snapshots', (req, store) => {
      const { machineId } = req.query;
      const rows = [...snapshotTable(store).values()].filter(
        (s) => machineId === undefined || s.machineId === machineId,
      );
      const page = paginate(rows, req.query, ['dtCreated', 'name']);
      return { ...page, items: page.items.map(view) };
    }),
    route('GET', '/snapshots/{id}', (req, store) => view(getSnapshot(store, param(req, 'id')))),
    route('PUT', '/snapshots/{id}', (req, store) => {
      const snapshot = getSnapshot(store, param(req, 'id'));
      const name = str(bodyOf(req.body), 'name', false, 1);
      if (name !== undefined) snapshot.name = name;
      return view(snapshot);
    }),
    route('DELETE', '/snapshots/{id}', (req, store) => remove(store, param(req, 'id'))),
    route('POST', '/snapshots/{id}/restore', (req, store) =>
      restore(store, param(req, 'id'), bodyOf(req.body)),
    ),
  ],
};

/** Drops a deleted machine's snapshots. */
export function dropMachineSnapshots(store: Store, machineId: string): void {
  for (const [id, s] of snapshotTable(store)) if (s.machineId === machineId) snapshotTable(store).delete(id);
}
