import { route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { getMachine } from './machines-model.js';
import { bodyOf, bool, str } from './rows.js';

/** A startup script row; `script` is write-only: stored, never returned. */
export interface StartupScript extends Row {
  assignedMachineIds: string[];
  description: string | null;
  dtCreated: string;
  /** null while the script exists (the reference types it as a date). */
  dtDeleted: string | null;
  id: string;
  isEnabled: boolean;
  isRunOnce: boolean;
  name: string;
  script: string;
}

const view = ({ script: _script, ...rest }: StartupScript) => ({
  ...rest,
  assignedMachineIds: [...rest.assignedMachineIds],
});

export const getScript = (store: Store, id: string) => scripts.get(store, id);

export function insertScript(store: Store, name: string, script: string, isRunOnce: boolean): StartupScript {
  const row: StartupScript = {
    id: store.id('sc'),
    name,
    description: null,
    script,
    isRunOnce,
    isEnabled: true,
    assignedMachineIds: [],
    dtCreated: store.now(),
    dtDeleted: null,
  };
  scripts.rows(store).set(row.id, row);
  return row;
}

/** Assigning twice is a no-op (the API keeps a set of machine ids). */
export function assignScript(row: StartupScript, machineId: string): void {
  if (!row.assignedMachineIds.includes(machineId)) row.assignedMachineIds.push(machineId);
}

/** Removes a deleted machine from every script's assignments. */
export function unassignEverywhere(store: Store, machineId: string): void {
  for (const row of scripts.rows(store).values()) {
    row.assignedMachineIds = row.assignedMachineIds.filter((id) => id !== machineId);
  }
}

function create(body: Row, store: Store) {
  const name = str(body, 'name', true, 1);
  const script = str(body, 'script', true, 1);
  const isRunOnce = bool(body, 'isRunOnce') ?? false;
  return view(insertScript(store, name, script, isRunOnce));
}

function update(row: StartupScript, body: Row) {
  const name = str(body, 'name', false, 1);
  const script = str(body, 'script', false, 1);
  const isRunOnce = bool(body, 'isRunOnce');
  const isEnabled = bool(body, 'isEnabled');
  if (name !== undefined) row.name = name;
  if (script !== undefined) row.script = script;
  if (isRunOnce !== undefined) row.isRunOnce = isRunOnce;
  if (isEnabled !== undefined) row.isEnabled = isEnabled;
}

function assign(row: StartupScript, body: Row, store: Store) {
  const machine = getMachine(store, str(body, 'machineId', true, 1));
  assignScript(row, machine.id);
  return view(row);
}

/** Unassigning a machine that is not assigned is a no-op; an unknown machine is a 404. */
function unassign(row: StartupScript, body: Row, store: Store) {
  const machineId = str(body, 'machineId', true, 1);
  if (!row.assignedMachineIds.includes(machineId)) getMachine(store, machineId);
  row.assignedMachineIds = row.assignedMachineIds.filter((m) => m !== machineId);
  return view(row);
}

const scripts = collection<StartupScript>({
  path: '/startup-scripts',
  table: 'startupScripts',
  what: 'Startup script',
  like: ['name'],
  orderBy: ['dtCreated', 'name'],
  view,
  create,
  update,
  remove: (row, store) => {
    scripts.rows(store).delete(row.id);
    return view({ ...row, dtDeleted: store.now() });
  },
});

export const startupScripts: SandboxArea = {
  routes: [
    ...scripts.routes,
    route('POST', '/startup-scripts/{id}/assign', (req, store) =>
      assign(scripts.of(req, store), bodyOf(req.body), store),
    ),
    route('POST', '/startup-scripts/{id}/unassign', (req, store) =>
      unassign(scripts.of(req, store), bodyOf(req.body), store),
    ),
  ],
};
