import type { Store } from '../store.js';
import { machineType, OS_TEMPLATES } from './machines-catalog.js';
import { type EventName, eventTable } from './machines-common.js';
import {
  addAccessor,
  type Machine,
  type MachineState,
  machineTable,
  newMachine,
  refreshIp,
} from './machines-model.js';

interface Spec {
  name: string;
  type: string;
  template: string;
  diskSize: number;
  region: string;
  state: MachineState;
  /** Days before the seed anchor it was created, and last started or stopped. */
  createdDaysAgo: number;
  changedDaysAgo: number;
  extra?: Partial<Machine>;
}

/**
 * Five machines with fixed ages (ids are fixed too: the store seeds deterministically): two
 * running (one without auto-shutdown), two stopped more than a week ago, one stopped two days ago.
 */
const SPECS: readonly Spec[] = [
  {
    name: 'train-a100',
    type: 'A100',
    template: 'ML-in-a-Box Ubuntu 22.04',
    diskSize: 500,
    region: 'ny2',
    state: 'ready',
    createdDaysAgo: 30,
    changedDaysAgo: 1,
    extra: {
      publicIpType: 'static',
      autoShutdownEnabled: true,
      autoShutdownTimeout: 8,
      autoShutdownForce: false,
    },
  },
  {
    name: 'dev-rtx4000',
    type: 'RTX4000',
    template: 'Ubuntu 22.04 Server',
    diskSize: 100,
    region: 'ca1',
    state: 'off',
    createdDaysAgo: 21,
    changedDaysAgo: 10,
    extra: { autoSnapshotEnabled: true, autoSnapshotFrequency: 'daily', autoSnapshotSaveCount: 3 },
  },
  {
    name: 'win-workstation',
    type: 'C5',
    template: 'Windows Server 2019',
    diskSize: 50,
    region: 'ams1',
    state: 'off',
    createdDaysAgo: 40,
    changedDaysAgo: 16,
  },
  {
    name: 'api-c7',
    type: 'C7',
    template: 'Ubuntu 22.04 Server',
    diskSize: 50,
    region: 'ny2',
    state: 'ready',
    createdDaysAgo: 12,
    changedDaysAgo: 12,
  },
  {
    name: 'scratch-c5',
    type: 'C5',
    template: 'Ubuntu 22.04 Server',
    diskSize: 50,
    region: 'ny2',
    state: 'off',
    createdDaysAgo: 5,
    changedDaysAgo: 2,
  },
];

/** Each machine with its finished 'create' event and, when started or stopped later, that event; the user can access train-a100. */
export function seedMachines(store: Store): void {
  for (const spec of SPECS) {
    const type = machineType(spec.type);
    const template = OS_TEMPLATES.find((t) => t.name === spec.template);
    if (!type || !template) continue;
    const machine = newMachine(store, { ...spec, type, template, networkId: null });
    Object.assign(machine, spec.extra);
    machine.state = spec.state;
    refreshIp(machine);
    machine.dtCreated = store.daysAgo(spec.createdDaysAgo);
    machine.dtModified = store.daysAgo(spec.changedDaysAgo);
    // Later seeds (snapshots, scripts, networks) touch machines; the seeded ages are what counts.
    store.afterSeeding(() => {
      machine.dtModified = store.daysAgo(spec.changedDaysAgo);
    });
    machineTable(store).set(machine.id, machine);
    addEvent(store, 'create', machine.id, machine.dtCreated);
    if (spec.changedDaysAgo !== spec.createdDaysAgo)
      addEvent(store, spec.state === 'off' ? 'stop' : 'start', machine.id, machine.dtModified);
    if (spec.name === 'train-a100')
      addAccessor(store, machine.id, { ...store.user, publicProfileImageUrl: null });
  }
}

function addEvent(store: Store, name: EventName, machineId: string, at: string): void {
  const id = store.id('ev');
  eventTable(store).set(id, {
    id,
    name,
    machineId,
    error: null,
    state: 'done',
    dtCreated: at,
    dtStarted: at,
    dtFinished: at,
  });
}
