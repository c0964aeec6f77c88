import * as z from 'zod';
import { entity } from './define.js';

/**
 * Response entities that more than one area returns, defined once. Every object is loose: the
 * fields named are typed, anything the API adds passes through.
 */

/** A deployment spec as the API stores it (`latestSpec`); `data` is the spec itself. */
const deploymentSpec = z.looseObject({
  data: z.looseObject({ apiVersion: z.string() }).nullish(),
  deploymentId: z.string(),
  dtHealthy: z.string().nullish(),
  error: z.string().nullish(),
  externalApplied: z.string().nullish(),
  id: z.string(),
  userId: z.string(),
});

export const deployment = entity({
  basicAuthKey: z.string().nullish(),
  dtCreated: z.string(),
  endpoint: z.string(),
  id: z.string(),
  latestSpec: deploymentSpec.nullish(),
  latestSpecHash: z.string().nullish(),
  name: z.string(),
  projectId: z.string(),
  teamId: z.string(),
});

export const model = entity({
  description: z.string().nullable(),
  dtCreated: z.string(),
  dtModified: z.string(),
  id: z.string(),
  isPublic: z.boolean(),
  name: z.string(),
  projectId: z.string().nullable(),
  storageProviderId: z.string().nullable(),
  teamId: z.string(),
});

/** A project or team secret: its name and dates, never its value. */
export const secret = entity({
  dtCreated: z.string(),
  dtModified: z.string(),
  hasDeploymentAttached: z.boolean(),
  name: z.string(),
});
export const secretCreated = entity({ dtCreated: z.string(), dtModified: z.string(), name: z.string() });

/** A machine event: what the async machine operations return to poll with machine_events_get. */
export const machineEvent = entity({
  dtCreated: z.string(),
  dtFinished: z.string().nullable(),
  dtStarted: z.string().nullable(),
  error: z.string().nullable(),
  id: z.string(),
  machineId: z.string().nullable(),
  name: z.string(),
  state: z.string(),
});

/** Result of the async machine operations: `{ event, data }`; poll the event with machine_events_get. */
export const eventResult = <T extends z.ZodType>(data: T) =>
  z.looseObject({ event: machineEvent.nullish(), data });
