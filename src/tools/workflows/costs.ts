import * as z from 'zod';
import { ApiError } from '../../client/errors.js';
import { apiPath } from '../../client/paths.js';
import { deploymentCost } from '../../confirm/deployment-cost.js';
import {
  burnOf,
  HOURS_PER_30_DAYS,
  isRunning,
  listAll,
  listAllMachines,
  MAX_MACHINE_PAGES,
  type MachineCosts,
  round,
  usd,
} from '../../confirm/rates.js';
import { input, type Operation, resultOf, type ToolContext } from '../define.js';
import { stateText } from '../machine-states.js';

/**
 * costs_summary: every machine (bounded paging) with the two rates the API reports, totals and what
 * costs money while nobody uses it. Rates: usageRate is USD per hour while running; storageRate is
 * USD per month for the disk, running or not. Projections assume the current machines keep their
 * current state. Deployments are listed apart, each at its spec's replicas × rate (deployment-cost.ts),
 * and stay out of the machines' totals: their rate is the operator's or an estimate, not the API's.
 */
async function summarize(_args: Record<string, unknown>, tc: ToolContext) {
  const { machines, complete } = await listAllMachines(tc);
  const perHour = burnOf(machines);
  const storagePerMonth = round(machines.reduce((sum, m) => sum + (m.storageRate ?? 0), 0));
  const idle: { id: string; name: string | undefined; why: string }[] = [];
  for (const m of machines) {
    if (!isRunning(m.state) && m.storageRate > 0)
      idle.push({ id: m.id, name: m.name, why: `off; its disk costs ${usd(m.storageRate)}/month` });
    if (isRunning(m.state) && m.autoShutdownEnabled !== true)
      idle.push({
        id: m.id,
        name: m.name,
        why: `${stateText(m.state)} without auto-shutdown: ${usd(m.usageRate ?? 0)}/h until stopped`,
      });
  }
  const deployments = await deploymentsOf(tc, machines);
  const structured = {
    units:
      'USD; usdPerHour while running (usageRate), usdPerMonthStorage charged running or not (storageRate)',
    machines: machines.map((m) => ({
      id: m.id,
      name: m.name,
      state: m.state,
      machineType: m.machineType,
      region: m.region,
      usdPerHour: m.usageRate ?? null,
      usdPerMonthStorage: m.storageRate ?? null,
      autoShutdownEnabled: m.autoShutdownEnabled ?? false,
    })),
    totals: {
      machines: machines.length,
      running: machines.filter((m) => isRunning(m.state)).length,
      usdPerHourNow: perHour,
      usdPerMonthStorage: storagePerMonth,
      usdPerDayProjected: round(perHour * 24 + storagePerMonth / 30),
      usdPer30DaysProjected: round(perHour * HOURS_PER_30_DAYS + storagePerMonth),
    },
    idleCosts: idle,
    complete,
    deployments: deployments.items,
    deploymentTotals: deployments.totals,
  };
  const t = structured.totals;
  const summary =
    `${t.running} of ${t.machines} machines running: ${usd(t.usdPerHourNow)}/h now; storage ${usd(t.usdPerMonthStorage)}/month; ` +
    `projected ${usd(t.usdPerDayProjected)}/day, ${usd(t.usdPer30DaysProjected)} per 30 days.` +
    (complete ? '' : ` Only the first ${MAX_MACHINE_PAGES * 120} machines were counted.`) +
    ` ${deployments.summary}`;
  return resultOf(structured, summary);
}

/** Every deployment at its latest spec's replicas × rate, with totals and a sentence. */
async function deploymentsOf(tc: ToolContext, machines: readonly MachineCosts[]) {
  let listed: { items: Record<string, unknown>[]; complete: boolean };
  try {
    listed = await listAll<Record<string, unknown>>(tc, apiPath('/deployments'));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      items: [],
      totals: { deployments: 0, usdPerHourKnown: 0, unknownRate: 0, complete: false },
      summary: `Deployments could not be listed (HTTP ${error.status}), so they are not counted.`,
    };
  }
  const items = listed.items.map((d) => {
    const cost = deploymentCost(
      (d.latestSpec as Record<string, unknown> | null)?.data,
      machines,
      tc.settings.rates,
    );
    // usdPerHour is left out when the rate of the type is unknown.
    return {
      id: String(d.id),
      name: d.name,
      type: cost.type,
      replicas: cost.replicas,
      usdPerHour: cost.usdPerHour,
      estimate: cost.estimate,
    };
  });
  const known = items.filter((d) => d.usdPerHour !== undefined);
  const totals = {
    deployments: items.length,
    usdPerHourKnown: round(known.reduce((sum, d) => sum + (d.usdPerHour ?? 0), 0)),
    unknownRate: items.length - known.length,
    complete: listed.complete,
  };
  const estimate = known.some((d) => d.estimate) ? ', partly estimated from machines of the same type' : '';
  const unknown = totals.unknownRate > 0 ? `; ${totals.unknownRate} of unknown rate` : '';
  return {
    items,
    totals,
    summary: `Deployments (not in the totals above): ${items.length}, ${usd(totals.usdPerHourKnown)}/h while their replicas run${estimate}${unknown}.`,
  };
}

const money = z.number();
export const costsOperations = [
  {
    name: 'costs_summary',
    toolset: 'workflows',
    composite: true,
    title: 'Cost summary',
    description:
      'Per machine: usageRate (USD/h running), storageRate (USD/month, also off); totals by hour, day, 30 days; idle costs; deployments apart (replicas × rate).',
    kind: 'read',
    route: 'GET /machines',
    input: input({}),
    output: z.object({
      units: z.string(),
      machines: z.array(z.looseObject({ id: z.string(), state: z.string(), usdPerHour: money.nullable() })),
      totals: z.looseObject({
        usdPerHourNow: money,
        usdPerDayProjected: money,
        usdPer30DaysProjected: money,
      }),
      idleCosts: z.array(z.looseObject({ id: z.string(), why: z.string() })),
      complete: z.boolean(),
      deployments: z.array(
        z.looseObject({
          id: z.string(),
          replicas: z.number(),
          usdPerHour: money.optional(),
          estimate: z.boolean(),
        }),
      ),
      deploymentTotals: z.looseObject({ usdPerHourKnown: money, unknownRate: z.number() }),
    }),
    handler: summarize,
  },
] as const satisfies readonly Operation[];
