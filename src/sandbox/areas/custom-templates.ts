import { badRequest } from '../errors.js';
import type { SandboxArea } from '../router.js';
import { MACHINE_TYPES, OS_TEMPLATES } from '../seed/machine-catalog.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { startEvent } from './machines-common.js';
import { diskSizeOf, getMachine, type Machine } from './machines-model.js';
import { str } from './rows.js';

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

const copy = (t: CustomTemplate): CustomTemplate => ({
  ...t,
  availableMachineTypes: t.availableMachineTypes.map((m) => ({ ...m })),
});

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
  templates.rows(store).set(template.id, template);
  return template;
}

function create(body: Row, store: Store) {
  const name = str(body, 'name', true, 1);
  const machine = getMachine(store, str(body, 'machineId', true, 1));
  if (machine.state === 'provisioning' || machine.state === 'upgrading') {
    throw badRequest(`Machine ${machine.id} is ${machine.state}; try again when it is ready or off`);
  }
  const template = insertTemplate(store, machine, name);
  return { event: startEvent(store, 'template-create', machine.id), data: copy(template) };
}

const templates = collection<CustomTemplate>({
  path: '/custom-templates',
  table: 'customTemplates',
  what: 'Template',
  like: ['name'],
  filter: (t, query) => query.machineId === undefined || t.parentMachineId === query.machineId,
  orderBy: ['dtCreated', 'name'],
  view: copy,
  create,
  update: (template, body) => {
    template.name = str(body, 'name', true, 1);
  },
  remove: (template, store) => {
    templates.rows(store).delete(template.id);
    return { ...copy(template), dtDeleted: store.now() };
  },
});

export const templateTable = templates.rows;

export const customTemplates: SandboxArea = { routes: templates.routes };
