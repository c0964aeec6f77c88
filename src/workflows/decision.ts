import type { CallToolResult } from '@modelcontextprotocol/server';
import { apiPath } from '../client/paths.js';
import type { Operation } from '../tools/define.js';
import { inline } from '../untrusted.js';
import { errorOf, type ToolContext } from './context.js';
import { deploymentCost, deploymentCostLine, replicasOf } from './deployment-cost.js';
import {
  burnOf,
  costLine,
  costOf,
  isRunning,
  listAllMachines,
  type MachineCosts,
  rateOfType,
  usd,
} from './rates.js';

/**
 * Decision points that cost money: machines_create, machines_start, machines_update and
 * deployments_upsert. Before anything is sent (before a confirmation preview too), a call that
 * would take the running burn rate over --max-hourly-spend is refused; machines_create gets the
 * operator's default auto-shutdown; a deployment's cost (replicas × rate) goes into its
 * confirmation preview. After the call, the result states the hourly (and monthly) cost.
 */
export type Decision =
  | {
      proceed: true;
      args: Record<string, unknown>;
      /**
       * Sends the call; under a cap, checks it again first, one capped call at a time. `before`
       * runs last before `run`: a result it returns refuses the call in its place.
       */
      send: <T>(
        run: () => Promise<T>,
        before?: () => Promise<CallToolResult | undefined>,
      ) => Promise<{ ok: true; value: T } | { ok: false; result: CallToolResult }>;
      annotate: (result: CallToolResult) => void;
      /** Lines this server wrote for the confirmation preview (a deployment's cost). */
      preview: string[];
    }
  | { proceed: false; result: CallToolResult };

type Before = () => Promise<CallToolResult | undefined>;

const sendNow = async <T>(run: () => Promise<T>, before?: Before) => {
  const refusal = await before?.();
  if (refusal) return { ok: false as const, result: refusal };
  return { ok: true as const, value: await run() };
};

/**
 * Capped calls of one server run their last check and their request one at a time: two calls made
 * at once cannot both pass the cap on the same burn rate. (The first check, before any preview,
 * gives the early answer; this one is the one that counts.)
 */
const capQueues = new WeakMap<object, Promise<unknown>>();
function oneAtATime<T>(key: object, fn: () => Promise<T>): Promise<T> {
  const next = (capQueues.get(key) ?? Promise.resolve()).then(fn, fn);
  capQueues.set(
    key,
    next.catch(() => {}),
  );
  return next;
}

export const COSTED: ReadonlySet<string> = new Set([
  'machines_create',
  'machines_start',
  'machines_update',
  'deployments_upsert',
]);

export async function decide(
  op: Operation,
  args: Record<string, unknown>,
  tc: ToolContext,
): Promise<Decision> {
  if (!COSTED.has(op.name)) return { proceed: true, args, send: sendNow, annotate: () => {}, preview: [] };
  const notes: string[] = [];
  if (op.name === 'machines_create') args = withDefaultAutoShutdown(args, tc, notes);
  const cap = tc.settings.maxHourlySpend;
  const preview = op.name === 'deployments_upsert' ? [await deploymentCostOf(args, tc)] : [];
  notes.push(...preview);
  const annotateWith = (result: CallToolResult) => annotate(result, notes);
  if (cap === undefined) return { proceed: true, args, send: sendNow, annotate: annotateWith, preview };
  const early = await checkCap(op, args, tc, cap);
  if (early) return { proceed: false, result: errorOf(early) };
  const checked = args;
  const send = <T>(run: () => Promise<T>, before?: Before) =>
    oneAtATime(tc.settings, async () => {
      const refusal = await checkCap(op, checked, tc, cap);
      if (refusal) return { ok: false as const, result: errorOf(refusal) };
      return sendNow(run, before);
    });
  return { proceed: true, args, send, annotate: annotateWith, preview };
}

/** The cost line of a deployment spec: the rate from the --rates file or a machine of its type. */
async function deploymentCostOf(args: Record<string, unknown>, tc: ToolContext): Promise<string> {
  const { type, replicas } = replicasOf(args.config);
  const page =
    type === undefined || replicas === 0 || tc.settings.rates[type] !== undefined
      ? undefined
      : await tc.request<{ items?: MachineCosts[] }>({
          method: 'GET',
          path: apiPath('/machines'),
          query: { limit: 120, machineType: type },
        });
  return deploymentCostLine(deploymentCost(args.config, page?.items ?? [], tc.settings.rates));
}

function withDefaultAutoShutdown(args: Record<string, unknown>, tc: ToolContext, notes: string[]) {
  const hours = tc.settings.defaultAutoShutdownHours;
  if (hours === undefined || args.autoShutdownEnabled !== undefined || args.autoShutdownTimeout !== undefined)
    return args;
  notes.push(
    `Auto-shutdown was set to ${hours} idle hour(s) by the server's default (--default-auto-shutdown-hours).`,
  );
  return { ...args, autoShutdownEnabled: true, autoShutdownTimeout: hours };
}

/** The change in burn rate a call would make, or why it cannot be known; undefined: no change. */
async function checkCap(
  op: Operation,
  args: Record<string, unknown>,
  tc: ToolContext,
  cap: number,
): Promise<string | undefined> {
  const refuse = (why: string) =>
    `${op.name} refused: the server caps the running burn rate at ${usd(cap)}/h (--max-hourly-spend) and ${why} Nothing was sent.`;
  const { machines, complete } = await listAllMachines(tc);
  if (!complete) return refuse('the account has too many machines to add up the current rate.');
  const now = burnOf(machines);
  let delta: number;
  if (op.name === 'deployments_upsert') {
    const cost = deploymentCost(args.config, machines, tc.settings.rates);
    if (cost.replicas === 0) return undefined;
    if (cost.usdPerHour === undefined) return refuse(unknownRate(cost.type ?? '(none given)'));
    delta = cost.usdPerHour;
  } else if (op.name === 'machines_create') {
    if (args.startOnCreate === false) return undefined;
    const type = String(args.machineType);
    const rate = rateOfType(type, machines, tc.settings.rates);
    if (!rate) return refuse(unknownRate(type));
    delta = rate.usd;
  } else {
    const machine = machines.find((m) => m.id === args.id);
    if (!machine) return undefined; // the API answers 404; nothing can start
    if (op.name === 'machines_start') {
      if (isRunning(machine.state)) return undefined;
      delta = machine.usageRate;
    } else {
      const type = args.machineType;
      if (typeof type !== 'string' || type === machine.machineType || !isRunning(machine.state))
        return undefined;
      const rate = rateOfType(type, machines, tc.settings.rates);
      if (!rate) return refuse(unknownRate(type));
      delta = rate.usd - machine.usageRate;
    }
  }
  const after = now + delta;
  if (delta <= 0 || after <= cap) return undefined;
  return refuse(`the machines running now burn ${usd(now)}/h; this would make it ${usd(after)}/h.`);
}

const unknownRate = (type: string) =>
  `the hourly rate of machine type ${inline(type)} is unknown (no machine of that type in the account, and not in the --rates file), so the call cannot be checked against the cap.`;

function annotate(result: CallToolResult, notes: string[]): void {
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  const machine = (structured?.data ?? structured) as Partial<MachineCosts> | undefined;
  const cost = machine ? costOf(machine) : undefined;
  const lines = [...notes];
  if (cost && structured) {
    structured.cost = cost;
    lines.unshift(costLine(cost));
  }
  if (lines.length === 0 || !structured) return;
  result.content[0] = { type: 'text', text: JSON.stringify(structured) };
  result.content.push({ type: 'text', text: lines.join(' ') });
}
