import { createHash } from 'node:crypto';
import { badRequest, conflict, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, type RouteDef, route } from '../router.js';
import { machineType, OS_TEMPLATES, REGIONS } from '../seed/machine-catalog.js';
import type { Store } from '../store.js';
import { isOneOf } from '../values.js';
import { eventTable } from './machines-common.js';
import {
  type Accessor,
  accessorKey,
  accessorTable,
  accessorView,
  addAccessor,
  getMachine,
  type Machine,
} from './machines-model.js';
import { bodyOf, matches, str } from './rows.js';
import { findUser } from './teams.js';

function getAccessor(store: Store, machineId: string, userId: string): Accessor {
  getMachine(store, machineId);
  const accessor = accessorTable(store).get(accessorKey(machineId, userId));
  if (!accessor) throw notFound('Accessor', userId);
  return accessor;
}

function addUser(store: Store, machineId: string, body: unknown) {
  getMachine(store, machineId);
  const userId = str(bodyOf(body), 'userId', true, 1);
  const user = findUser(store, userId);
  if (!user) throw notFound('User', userId);
  if (accessorTable(store).has(accessorKey(machineId, userId))) {
    throw conflict(`User ${userId} can already access machine ${machineId}`);
  }
  return accessorView(addAccessor(store, machineId, user));
}

/** The VNC password is stable per machine (derived from its id, so no table is needed). */
function desktop(machine: Machine) {
  const hostname = `${machine.id}.machines.paperspace.com`;
  if (machine.agentType === 'WindowsDesktop') {
    return { windows: { hostname, port: 3389, ...(machine.publicIp ? { publicIp: machine.publicIp } : {}) } };
  }
  const password = createHash('sha256').update(`vnc:${machine.id}`).digest('base64url').slice(0, 16);
  return { vnc: { hostname, port: 5901, password } };
}

function availability(query: Record<string, string>) {
  const { machineType: label, region } = query;
  if (!label) throw badRequest('machineType is required');
  if (!region) throw badRequest('region is required');
  if (!isOneOf(REGIONS, region)) {
    throw badRequest(`region must be one of: ${REGIONS.join(', ')}`);
  }
  return { available: machineType(label)?.regions.includes(region) ?? false };
}

export const machineExtraRoutes: RouteDef[] = [
  route('GET', '/machine-events', (req, store) => {
    const { machineId } = req.query;
    const rows = [...eventTable(store).values()].filter(
      (e) => machineId === undefined || e.machineId === machineId,
    );
    const page = paginate(rows, req.query, ['dtCreated']);
    return { ...page, items: page.items.map((e) => ({ ...e })) };
  }),
  route('GET', '/machine-events/{id}', (req, store) => {
    const event = eventTable(store).get(param(req, 'id'));
    if (!event) throw notFound('Machine event', param(req, 'id'));
    return { ...event };
  }),
  route('POST', '/machines/{id}/accessors', (req, store) => addUser(store, param(req, 'id'), req.body)),
  route('GET', '/machines/{id}/accessors', (req, store) => {
    const machine = getMachine(store, param(req, 'id'));
    const rows = [...accessorTable(store).values()].filter((a) => a.machineId === machine.id);
    const page = paginate(rows, req.query, ['id']);
    return { ...page, items: page.items.map(accessorView) };
  }),
  route('GET', '/machines/{id}/accessors/{userId}', (req, store) =>
    accessorView(getAccessor(store, param(req, 'id'), param(req, 'userId'))),
  ),
  route('DELETE', '/machines/{id}/accessors/{userId}', (req, store) => {
    const accessor = getAccessor(store, param(req, 'id'), param(req, 'userId'));
    accessorTable(store).delete(accessorKey(accessor.machineId, accessor.id));
    return { ...accessorView(accessor), dtDeleted: store.now() };
  }),
  route('GET', '/machines/{id}/desktop', (req, store) => desktop(getMachine(store, param(req, 'id')))),
  route('GET', '/machine-availability', (req) => availability(req.query)),
  {
    method: 'GET',
    path: '/os-templates',
    public: true,
    handler: (req) => {
      const rows = OS_TEMPLATES.filter((t) => matches(t.name, req.query.name));
      const page = paginate(rows, req.query, ['name']);
      return {
        ...page,
        items: page.items.map((t) => ({
          ...t,
          availableMachineTypes: t.availableMachineTypes.map((m) => ({ ...m })),
        })),
      };
    },
  },
];
