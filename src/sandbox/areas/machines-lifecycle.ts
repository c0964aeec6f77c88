import { badRequest } from '../errors.js';
import { param, type RouteDef, route } from '../router.js';
import type { Store } from '../store.js';
import { doneEvent, type EventName, startEvent } from './machines-common.js';
import { getMachine, type Machine, type MachineState, machineTable, setState } from './machines-model.js';

/**
 * start / stop / restart. Each answers `{event, data}`: the machine moves to the transitional
 * state at once and to the final state after `store.transitionMs`, when the event becomes 'done'.
 *
 * Choice for the no-op cases: starting a machine that is already up (ready, serviceready,
 * starting, restarting) or stopping one that is already off or stopping succeeds idempotently
 * (the tool rows mark start and stop idempotent): the machine is unchanged and the answer carries
 * an event that is already 'done'. A transition the machine cannot make from its current state
 * (start while stopping, restart while off ...) is a 400 naming that state.
 */
interface Transition {
  event: EventName;
  from: readonly MachineState[];
  via: MachineState;
  to: MachineState;
  /** States in which the action has nothing to do. */
  already: readonly MachineState[];
}

const TRANSITIONS: Record<'start' | 'stop' | 'restart', Transition> = {
  start: {
    event: 'start',
    from: ['off'],
    via: 'starting',
    to: 'ready',
    already: ['ready', 'serviceready', 'starting', 'restarting'],
  },
  stop: {
    event: 'stop',
    from: ['ready', 'serviceready'],
    via: 'stopping',
    to: 'off',
    already: ['off', 'stopping'],
  },
  restart: { event: 'restart', from: ['ready', 'serviceready'], via: 'restarting', to: 'ready', already: [] },
};

function run(store: Store, machine: Machine, t: Transition) {
  if (t.already.includes(machine.state)) {
    return { event: doneEvent(store, t.event, machine.id), data: { ...machine } };
  }
  if (!t.from.includes(machine.state)) {
    throw badRequest(`Cannot ${t.event} machine ${machine.id}: it is ${machine.state}`);
  }
  setState(store, machine, t.via);
  const event = startEvent(store, t.event, machine.id, () => {
    if (machineTable(store).get(machine.id) !== machine || machine.state !== t.via) return false;
    setState(store, machine, t.to);
    return true;
  });
  return { event, data: { ...machine } };
}

export const lifecycleRoutes: RouteDef[] = (['start', 'stop', 'restart'] as const).map((action) =>
  route('PATCH', `/machines/{id}/${action}`, (req, store) =>
    run(store, getMachine(store, param(req, 'id')), TRANSITIONS[action]),
  ),
);
