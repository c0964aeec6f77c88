import { badRequest } from '../errors.js';
import type { Store } from '../store.js';
import { isOneOf, type Row } from '../values.js';

/** Helpers shared by the machines, custom templates, snapshots and startup scripts areas. */

function present(body: Row, field: string, required: boolean): boolean {
  const value = body[field];
  if (value !== undefined && value !== null) return true;
  if (required) throw badRequest(`${field} is required`);
  return false;
}

export function str(body: Row, field: string, required: true, min?: number): string;
export function str(body: Row, field: string, required?: false, min?: number): string | undefined;
export function str(body: Row, field: string, required = false, min = 0): string | undefined {
  if (!present(body, field, required)) return undefined;
  const value = body[field];
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`);
  if (value.length < min) throw badRequest(`${field} must be at least ${min} character(s)`);
  return value;
}

export function num(body: Row, field: string, required: true): number;
export function num(body: Row, field: string, required?: false): number | undefined;
export function num(body: Row, field: string, required = false): number | undefined {
  if (!present(body, field, required)) return undefined;
  const value = body[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`${field} must be a number`);
  return value;
}

export function bool(body: Row, field: string): boolean | undefined {
  if (!present(body, field, false)) return undefined;
  const value = body[field];
  if (typeof value !== 'boolean') throw badRequest(`${field} must be a boolean`);
  return value;
}

export function oneOf<T extends string>(body: Row, field: string, values: readonly T[]): T | undefined {
  const value = str(body, field);
  if (value === undefined) return undefined;
  if (!isOneOf(values, value)) throw badRequest(`${field} must be one of: ${values.join(', ')}`);
  return value;
}

export function strings(body: Row, field: string): string[] | undefined {
  if (!present(body, field, false)) return undefined;
  const value = body[field];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest(`${field} must be an array of strings`);
  }
  return value;
}

// ---- machine events ------------------------------------------------------------------------------

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
