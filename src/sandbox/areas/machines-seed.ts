import type { Store } from '../store.js';
import { machineType, OS_TEMPLATES } from './machines-catalog.js';
import { eventTable } from './machines-common.js';
import {
  addAccessor,
  type Machine,
  type MachineState,
  machineTable,
  newMachine,
  setState,
} from './machines-model.js';

interface Spec {
  name: string;
  type: string;
  template: string;
  diskSize: number;
  region: string;
  state: MachineState;
  extra?: Partial<Machine>;
}

const SPECS: readonly Spec[] = [
  {
    name: 'train-a100',
    type: 'A100',
    template: 'ML-in-a-Box Ubuntu 22.04',
    diskSize: 500,
    region: 'ny2',
    state: 'ready',
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
    extra: { autoSnapshotEnabled: true, autoSnapshotFrequency: 'daily', autoSnapshotSaveCount: 3 },
  },
  {
    name: 'win-workstation',
    type: 'C5',
    template: 'Windows Server 2019',
    diskSize: 50,
    region: 'ams1',
    state: 'off',
  },
];

/** Three machines (one running), each with its finished 'create' event; the user can access train-a100. */
export function seedMachines(store: Store): void {
  for (const spec of SPECS) {
    const type = machineType(spec.type);
    const template = OS_TEMPLATES.find((t) => t.name === spec.template);
    if (!type || !template) continue;
    const machine = newMachine(store, { ...spec, type, template, networkId: null });
    Object.assign(machine, spec.extra);
    setState(store, machine, spec.state);
    machineTable(store).set(machine.id, machine);
    const event = { id: store.id('ev'), name: 'create' as const, machineId: machine.id, error: null };
    const at = machine.dtCreated;
    eventTable(store).set(event.id, {
      ...event,
      state: 'done',
      dtCreated: at,
      dtStarted: at,
      dtFinished: at,
    });
    if (spec.name === 'train-a100')
      addAccessor(store, machine.id, { ...store.user, publicProfileImageUrl: null });
  }
}
