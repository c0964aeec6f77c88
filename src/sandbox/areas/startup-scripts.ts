import { notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { bool, str } from './machines-common.js';
import { getMachine } from './machines-model.js';
import { bodyOf, matches } from './rows.js';

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

export const scriptTable = (store: Store) => store.table<StartupScript>('startupScripts');

const view = ({ script: _script, ...rest }: StartupScript) => ({
  ...rest,
  assignedMachineIds: [...rest.assignedMachineIds],
});

export function getScript(store: Store, id: string): StartupScript {
  const script = scriptTable(store).get(id);
  if (!script) throw notFound('Startup script', id);
  return script;
}

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
  scriptTable(store).set(row.id, row);
  return row;
}

/** Assigning twice is a no-op (the API keeps a set of machine ids). */
export function assignScript(row: StartupScript, machineId: string): void {
  if (!row.assignedMachineIds.includes(machineId)) row.assignedMachineIds.push(machineId);
}

/** Removes a deleted machine from every script's assignments. */
export function unassignEverywhere(store: Store, machineId: string): void {
  for (const row of scriptTable(store).values()) {
    row.assignedMachineIds = row.assignedMachineIds.filter((id) => id !== machineId);
  }
}

function create(store: Store, body: Row) {
  const name = str(body, 'name', true, 1);
  const script = str(body, 'script', true, 1);
  const isRunOnce = bool(body, 'isRunOnce') ?? false;
  return view(insertScript(store, name, script, isRunOnce));
}

function update(store: Store, id: string, body: Row) {
  const row = getScript(store, id);
  const name = str(body, 'name', false, 1);
  const script = str(body, 'script', false, 1);
  const isRunOnce = bool(body, 'isRunOnce');
  const isEnabled = bool(body, 'isEnabled');
  if (name !== undefined) row.name = name;
  if (script !== undefined) row.script = script;
  if (isRunOnce !== undefined) row.isRunOnce = isRunOnce;
  if (isEnabled !== undefined) row.isEnabled = isEnabled;
  return view(row);
}

function assign(store: Store, id: string, body: Row) {
  const row = getScript(store, id);
  const machine = getMachine(store, str(body, 'machineId', true, 1));
  assignScript(row, machine.id);
  return view(row);
}

/** Unassigning a machine that is not assigned is a no-op; an unknown machine is a 404. */
function unassign(store: Store, id: string, body: Row) {
  const row = getScript(store, id);
  const machineId = str(body, 'machineId', true, 1);
  if (!row.assignedMachineIds.includes(machineId)) getMachine(store, machineId);
  row.assignedMachineIds = row.assignedMachineIds.filter((m) => m !== machineId);
  return view(row);
}

export const startupScripts: SandboxArea = {
  routes: [
    route('POST', '/startup-scripts', (req, store) => create(store, bodyOf(req.body))),
    route('GET', '/startup-scripts', (req, store) => {
      const rows = [...scriptTable(store).values()].filter((s) => matches(s.name, req.query.name));
      const page = paginate(rows, req.query, ['dtCreated', 'name']);
      return { ...page, items: page.items.map(view) };
    }),
    route('GET', '/startup-scripts/{id}', (req, store) => view(getScript(store, param(req, 'id')))),
    route('PUT', '/startup-scripts/{id}', (req, store) => update(store, param(req, 'id'), bodyOf(req.body))),
    route('DELETE', '/startup-scripts/{id}', (req, store) => {
      const row = getScript(store, param(req, 'id'));
      scriptTable(store).delete(row.id);
      return view({ ...row, dtDeleted: store.now() });
    }),
    route('POST', '/startup-scripts/{id}/assign', (req, store) =>
      assign(store, param(req, 'id'), bodyOf(req.body)),
    ),
    route('POST', '/startup-scripts/{id}/unassign', (req, store) =>
      unassign(store, param(req, 'id'), bodyOf(req.body)),
    ),
  ],
};
