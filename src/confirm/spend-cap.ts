import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Api } from '../client/api.js';
import { entityOf } from '../client/entity.js';
import { apiPath } from '../client/paths.js';
import { inline } from '../untrusted.js';
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
import { refusal } from './round.js';
import type { CostClass } from './rules.js';

/**
 * Decision points that cost money: the rows with a `cost` class (machines_create, machines_start,
 * machines_update, deployments_upsert). Before anything is sent (before a confirmation preview too), a call that
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

/** What the spend cap reads of a row: its name (for messages) and its cost class. */
export interface CostedRow {
  readonly name: string;
  readonly cost?: CostClass;
}

/** What the spend cap needs of a call: the operator's settings and reads with the caller's key. */
export interface SpendContext {
  settings: {
    /** USD per hour the running machines may burn at most (--max-hourly-spend); undefined: no cap. */
    readonly maxHourlySpend: number | undefined;
    /** Machine type → USD per hour, from --rates FILE. */
    readonly rates: Readonly<Record<string, number>>;
    /** Auto-shutdown hours for machines_create calls that leave it unset; undefined: none. */
    readonly defaultAutoShutdownHours: number | undefined;
  };
  /** The API as the caller (reads only). */
  api: Pick<Api, 'get' | 'collect'>;
}

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

export async function decide(
  op: CostedRow,
  args: Record<string, unknown>,
  tc: SpendContext,
): Promise<Decision> {
  if (op.cost === undefined) return { proceed: true, args, send: sendNow, annotate: () => {}, preview: [] };
  const notes: string[] = [];
  if (op.cost === 'machine-create') args = withDefaultAutoShutdown(args, tc, notes);
  const cap = tc.settings.maxHourlySpend;
  const preview = op.cost === 'deployment' ? [await deploymentCostOf(args, tc)] : [];
  notes.push(...preview);
  const annotateWith = (result: CallToolResult) => annotate(result, notes);
  if (cap === undefined) return { proceed: true, args, send: sendNow, annotate: annotateWith, preview };
  const early = await checkCap(op, args, tc, cap);
  if (early) return { proceed: false, result: refusal(early) };
  const checked = args;
  const send = <T>(run: () => Promise<T>, before?: Before) =>
    oneAtATime(tc.settings, async () => {
      const over = await checkCap(op, checked, tc, cap);
      if (over) return { ok: false as const, result: refusal(over) };
      return sendNow(run, before);
    });
  return { proceed: true, args, send, annotate: annotateWith, preview };
}

/** The cost line of a deployment spec: the rate from the --rates file or a machine of its type. */
async function deploymentCostOf(args: Record<string, unknown>, tc: SpendContext): Promise<string> {
  const { type, replicas } = replicasOf(args.config);
  const page =
    type === undefined || replicas === 0 || tc.settings.rates[type] !== undefined
      ? undefined
      : await tc.api.get<{ items?: MachineCosts[] }>(apiPath('/machines'), { limit: 120, machineType: type });
  return deploymentCostLine(deploymentCost(args.config, page?.items ?? [], tc.settings.rates));
}

function withDefaultAutoShutdown(args: Record<string, unknown>, tc: SpendContext, notes: string[]) {
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
  op: CostedRow,
  args: Record<string, unknown>,
  tc: SpendContext,
  cap: number,
): Promise<string | undefined> {
  const refuse = (why: string) =>
    `${op.name} refused: the server caps the running burn rate at ${usd(cap)}/h (--max-hourly-spend) and ${why} Nothing was sent.`;
  const { machines, complete } = await listAllMachines(tc);
  if (!complete) return refuse('the account has too many machines to add up the current rate.');
  const now = burnOf(machines);
  let delta: number;
  if (op.cost === 'deployment') {
    const cost = deploymentCost(args.config, machines, tc.settings.rates);
    if (cost.replicas === 0) return undefined;
    if (cost.usdPerHour === undefined) return refuse(unknownRate(cost.type ?? '(none given)'));
    delta = cost.usdPerHour;
  } else if (op.cost === 'machine-create') {
    if (args.startOnCreate === false) return undefined;
    const type = String(args.machineType);
    const rate = rateOfType(type, machines, tc.settings.rates);
    if (!rate) return refuse(unknownRate(type));
    delta = rate.usd;
  } else {
    const machine = machines.find((m) => m.id === args.id);
    if (!machine) return undefined; // the API answers 404; nothing can start
    if (op.cost === 'machine-start') {
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
  const structured = entityOf(result.structuredContent);
  const machine = entityOf(structured?.data ?? structured);
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
