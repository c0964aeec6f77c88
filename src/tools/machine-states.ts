import { term } from '../untrusted.js';

/**
 * Machine states the API reports: off, provisioning, starting, ready, serviceready, stopping,
 * restarting, upgrading. Machine event states: new and "in progress" (still working), done,
 * error (the event's `error` says why), cancelled.
 */
export const MACHINE_STATES = [
  'off',
  'provisioning',
  'starting',
  'ready',
  'serviceready',
  'stopping',
  'restarting',
  'upgrading',
] as const;

/** States of a machine event (machines_wait with eventId). */
export const EVENT_STATES = ['new', 'in progress', 'done', 'error', 'cancelled'] as const;

const STATE_WORDS: ReadonlySet<string> = new Set<string>([...MACHINE_STATES, ...EVENT_STATES]);

/** A machine or event state in prose: bare when it is one of these, else quoted as data. */
export const stateText = (state: unknown): string => term(state, STATE_WORDS);
