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
