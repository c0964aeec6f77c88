import type { Store } from '../store.js';
import type { Row } from '../values.js';

/** Machine events: what the machines, custom templates and snapshots areas answer for async work. */

export type EventName =
  | 'create'
  | 'start'
  | 'stop'
  | 'restart'
  | 'delete'
  | 'vm-upgrade'
  | 'snapshot-create'
  | 'snapshot-delete'
  | 'snapshot-restore'
  | 'template-create';

export interface MachineEvent extends Row {
  id: string;
  name: EventName;
  state: 'new' | 'in progress' | 'done' | 'error' | 'cancelled';
  machineId: string | null;
  dtCreated: string;
  /** null until the work starts (the reference types it as a date; the API answers null meanwhile). */
  dtStarted: string | null;
  dtFinished: string | null;
  error: string | null;
}

export const eventTable = (store: Store) => store.table<MachineEvent>('machineEvents');

/**
 * Records an async machine action as a 'new' event, and runs `work` after the transition delay,
 * marking the event 'done' (or 'cancelled' when `work` returns false, e.g. the machine is gone).
 * Returns a copy of the event as it is at answer time.
 */
export function startEvent(
  store: Store,
  name: EventName,
  machineId: string | null,
  work: () => boolean = () => true,
): MachineEvent {
  const event: MachineEvent = {
    id: store.id('ev'),
    name,
    state: 'new',
    machineId,
    dtCreated: store.now(),
    dtStarted: null,
    dtFinished: null,
    error: null,
  };
  eventTable(store).set(event.id, event);
  const answer = { ...event };
  store.later(() => {
    const done = work();
    event.dtStarted = store.now();
    event.state = done ? 'done' : 'cancelled';
    event.dtFinished = store.now();
  });
  return answer;
}

/** An event for an action that had nothing to do (e.g. starting a ready machine): already done. */
export function doneEvent(store: Store, name: EventName, machineId: string): MachineEvent {
  const now = store.now();
  const event: MachineEvent = {
    id: store.id('ev'),
    name,
    state: 'done',
    machineId,
    dtCreated: now,
    dtStarted: now,
    dtFinished: now,
    error: null,
  };
  eventTable(store).set(event.id, event);
  return { ...event };
}
