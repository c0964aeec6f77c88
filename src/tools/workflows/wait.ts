import * as z from 'zod';
import { apiPath } from '../../client/paths.js';
import { ident, said, term } from '../../untrusted.js';
import { errorOf, id, input, num, type Operation, resultOf, type ToolContext } from '../define.js';
import { MACHINE_STATES, stateText } from '../machine-states.js';
import type { PollRequest } from '../shared-poll.js';
import { budgetOf, type Observation, pollUntil, type WaitOutcome } from './poll.js';

/**
 * Waiting tools: poll with rising intervals, report each poll as progress, and give up after the
 * time budget with a non-error `done: false` result the agent resumes by calling again.
 *
 * Machine states understood: off, provisioning, starting, ready, serviceready, stopping,
 * restarting, upgrading. Machine event states: new and "in progress" (keep waiting), done
 * (finished), error (fails with the event's error), cancelled (fails).
 */

/** Instance states that end a deployment run's chances (compared in lower case). */
const FAILED_INSTANCE = new Set(['failed', 'error', 'errored', 'crashloopbackoff', 'imagepullbackoff']);

const timeoutSeconds = num(z.number().int().min(1).max(3600)).optional().describe('Default 50');

const waitOutput = z.looseObject({
  done: z.boolean(),
  state: z.string(),
  elapsedSeconds: z.number(),
  next: z.string().optional(),
});

type Entity = Record<string, unknown>;

/**
 * One look at a machine for a wait on its state (machines_wait, and a machine task): the same
 * look for the same wait, since identical waits share one poll and its observations.
 */
export function machineStateLook(machineId: string, wanted: string) {
  return async (request: PollRequest): Promise<Observation<Entity>> => {
    const machine = await request<Entity>({
      method: 'GET',
      path: apiPath('/machines/{id}', { id: machineId }),
    });
    const state = String(machine.state);
    return { state, finished: state === wanted, value: { machine } };
  };
}

/**
 * One look at a machine event (machines_wait with eventId, and a task on a machine event): done
 * finishes it with the machine as it then is, error and cancelled fail it.
 */
export function machineEventLook(machineId: string, eventId: string) {
  return async (request: PollRequest): Promise<Observation<Entity>> => {
    const event = await request<Entity>({
      method: 'GET',
      path: apiPath('/machine-events/{id}', { id: eventId }),
    });
    const state = String(event.state);
    const failure =
      state === 'error'
        ? `Machine event ${eventId} (${ident(event.name)}) failed; ${event.error == null ? 'no reason given' : said('the API', event.error)}.`
        : state === 'cancelled'
          ? `Machine event ${eventId} (${ident(event.name)}) was cancelled.`
          : undefined;
    // The event says the action finished; the machine's state is what the agent asks next.
    const machine =
      state === 'done'
        ? await request<Entity>({ method: 'GET', path: apiPath('/machines/{id}', { id: machineId }) })
        : undefined;
    return { state, finished: state === 'done', failure, value: machine ? { event, machine } : { event } };
  };
}

/** One look at a deployment's latest run (deployments_wait, and a deployment task). */
export function deploymentRunLook(deploymentId: string, asked: number | undefined) {
  return async (request: PollRequest): Promise<Observation<Entity>> => {
    const runs = await request<Entity[]>({
      method: 'GET',
      path: apiPath('/deployments/{id}/runs', { id: deploymentId }),
      query: { limit: 1 },
    });
    const run = Array.isArray(runs) ? runs[0] : undefined;
    if (!run) return { state: 'no run yet', finished: false, value: { run: null } };
    const wanted = asked ?? Number(run.replicas ?? 0);
    const ready = Number(run.readyReplicas ?? 0);
    const instances = (Array.isArray(run.instances) ? run.instances : []) as Entity[];
    const failed = instances.find((i) => FAILED_INSTANCE.has(String(i.state).toLowerCase()));
    const failure = failed
      ? `Deployment ${deploymentId}: instance ${ident(failed.instanceId)} is ${term(failed.state, FAILED_INSTANCE)}; ${failed.stateMessage == null ? 'no message' : said('the API', failed.stateMessage)}.`
      : undefined;
    return {
      state: `${ready}/${wanted} replicas ready`,
      finished: wanted > 0 && ready >= wanted,
      failure,
      value: { run },
    };
  };
}

async function waitMachine(args: Record<string, unknown>, tc: ToolContext) {
  const machineId = String(args.id);
  const eventId = typeof args.eventId === 'string' ? args.eventId : undefined;
  const wanted = typeof args.state === 'string' ? args.state : 'ready';
  const look =
    eventId !== undefined ? machineEventLook(machineId, eventId) : machineStateLook(machineId, wanted);
  const what = eventId !== undefined ? `event ${eventId}` : `machine ${machineId}`;
  const goal = eventId !== undefined ? 'done' : wanted;
  const outcome = await pollUntil(
    tc,
    budgetOf(args.timeoutSeconds, tc),
    { tool: 'machines_wait', same: [machineId, eventId ?? null, eventId === undefined ? wanted : null] },
    look,
    (o, s) => `${what} is ${stateText(o.state)} after ${s} s`,
  );
  return finish(outcome, what, goal, 'machines_wait', stateText);
}

async function waitDeployment(args: Record<string, unknown>, tc: ToolContext) {
  const deploymentId = String(args.id);
  const asked = typeof args.replicas === 'number' ? args.replicas : undefined;
  const look = deploymentRunLook(deploymentId, asked);
  const what = `deployment ${deploymentId}`;
  const outcome = await pollUntil(
    tc,
    budgetOf(args.timeoutSeconds, tc),
    { tool: 'deployments_wait', same: [deploymentId, asked ?? null] },
    look,
    (o, s) => `${what}: ${o.state} after ${s} s`,
  );
  // Its state is this server's own words ("2/3 replicas ready"), made of counts.
  return finish(outcome, what, 'ready', 'deployments_wait', (state) => state);
}

/** `shown`: the state as prose (the structured result carries it as the API said it). */
function finish(
  outcome: WaitOutcome<Entity> | { refused: string },
  what: string,
  goal: string,
  tool: string,
  shown: (state: string) => string,
) {
  if ('refused' in outcome) return errorOf(outcome.refused);
  const { state, elapsedSeconds, polls, value } = outcome;
  if (outcome.failure !== undefined)
    return errorOf(`${outcome.failure} Stopped waiting after ${elapsedSeconds} s.`);
  if (outcome.finished) {
    return resultOf(
      { done: true, state, elapsedSeconds, polls, ...value },
      `${what} is ${shown(state)} (${elapsedSeconds} s).`,
    );
  }
  const next = `Not ${goal} yet: call ${tool} again with the same arguments to keep waiting.`;
  return resultOf(
    { done: false, state, elapsedSeconds, polls, next, ...value },
    `${what} is still ${shown(state)} after ${elapsedSeconds} s. ${next}`,
  );
}

export const waitOperations = [
  {
    name: 'machines_wait',
    toolset: 'workflows',
    composite: true,
    title: 'Wait for machine',
    description: 'Waits for a machine state or an action event. On done:false, call again.',
    kind: 'read',
    route: 'GET /machines/{id}',
    input: input({
      id: id('machine'),
      state: z.enum(MACHINE_STATES).optional().describe('Default ready'),
      eventId: id('action event').optional(),
      timeoutSeconds,
    }),
    output: waitOutput,
    handler: waitMachine,
  },
  {
    name: 'deployments_wait',
    toolset: 'workflows',
    composite: true,
    title: 'Wait for deployment',
    description: "Waits for the latest run's replicas to be ready. On done:false, call again.",
    kind: 'read',
    route: 'GET /deployments/{id}',
    input: input({
      id: id('deployment'),
      replicas: num(z.number().int().min(1)).optional().describe("Default: the spec's"),
      timeoutSeconds,
    }),
    output: waitOutput,
    handler: waitDeployment,
  },
] as const satisfies readonly Operation[];
