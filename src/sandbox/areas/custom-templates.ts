import { badRequest, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea } from '../router.js';
import { MACHINE_TYPES, OS_TEMPLATES } from '../seed/machine-catalog.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { startEvent, str } from './machines-common.js';
import { diskSizeOf, getMachine, type Machine } from './machines-model.js';
import { bodyOf, matches } from './rows.js';

/** A custom template row, stored exactly as the API returns it. */
export interface CustomTemplate extends Row {
  agentType: string;
  availableMachineTypes: { isAvailable: boolean; machineTypeLabel: string }[];
  defaultSizeGb: number;
  dtCreated: string;
  dtDeleted: string | null;
  id: string;
  name: string;
  operatingSystemLabel: string;
  parentMachineId: string;
  region: string;
}

export const templateTable = (store: Store) => store.table<CustomTemplate>('customTemplates');

const copy = (t: CustomTemplate): CustomTemplate => ({
  ...t,
  availableMachineTypes: t.availableMachineTypes.map((m) => ({ ...m })),
});

function getTemplate(store: Store, id: string): CustomTemplate {
  const template = templateTable(store).get(id);
  if (!template) throw notFound('Template', id);
  return template;
}

/** The machine types a template made from `machine` runs on: those of its OS template. */
function typesFor(machine: Machine): CustomTemplate['availableMachineTypes'] {
  const base = OS_TEMPLATES.find(
    (t) => t.operatingSystemLabel === machine.os && t.agentType === machine.agentType,
  );
  if (base) return base.availableMachineTypes.map((m) => ({ ...m }));
  return MACHINE_TYPES.map((t) => ({ machineTypeLabel: t.label, isAvailable: t.regions.length > 0 }));
}

export function insertTemplate(store: Store, machine: Machine, name: string): CustomTemplate {
  const template: CustomTemplate = {
    id: store.id('t', 8),
    name,
    agentType: machine.agentType,
    operatingSystemLabel: machine.os,
    defaultSizeGb: diskSizeOf(machine),
    availableMachineTypes: typesFor(machine),
    parentMachineId: machine.id,
    region: machine.region,
    dtCreated: store.now(),
    dtDeleted: null,
  };
  templateTable(store).set(template.id, template);
  return template;
}

function create(store: Store, body: Row) {
  const name = str(body, 'name', true, 1);
  const machine = getMachine(store, str(body, 'machineId', true, 1));
  if (machine.state === 'provisioning' || machine.state === 'upgrading') {
    throw badRequest(`Machine ${machine.id} is ${machine.state}; try again when it is ready or off`);
  }
  const template = insertTemplate(store, machine, name);
  return { event: startEvent(store, 'template-create', machine.id), data: copy(template) };
}

export const customTemplates: SandboxArea = {
  routes: [
    route('POST', '/custom-templates', (req, store) => create(store, bodyOf(req.body))),
    route('GET', '/custom-templates', (req, store) => {
      const { name, machineId } = req.query;
      const rows = [...templateTable(store).values()].filter(
        (t) => matches(t.name, name) && (machineId === undefined || t.parentMachineId === machineId),
      );
      const page = paginate(rows, req.query, ['dtCreated', 'name']);
      return { ...page, items: page.items.map(copy) };
    }),
    route('GET', '/custom-templates/{id}', (req, store) => copy(getTemplate(store, param(req, 'id')))),
    route('PUT', '/custom-templates/{id}', (req, store) => {
      const template = getTemplate(store, param(req, 'id'));
      template.name = str(bodyOf(req.body), 'name', true, 1);
      return copy(template);
    }),
    route('DELETE', '/custom-templates/{id}', (req, store) => {
      const template = getTemplate(store, param(req, 'id'));
      templateTable(store).delete(template.id);
      return { ...copy(template), dtDeleted: store.now() };
    }),
  ],
};
