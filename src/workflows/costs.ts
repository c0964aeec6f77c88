import * as z from 'zod';
import { input, type Operation } from '../tools/define.js';
import { resultOf, type ToolContext } from './context.js';
import {
  burnOf,
  HOURS_PER_30_DAYS,
  isRunning,
  listAllMachines,
  MAX_MACHINE_PAGES,
  round,
  usd,
} from './rates.js';

/**
 * costs_summary: every machine (bounded paging) with the two rates the API reports, totals and what
 * costs money while nobody uses it. Rates: usageRate is USD per hour while running; storageRate is
 * USD per month for the disk, running or not. Projections assume the current machines keep their
 * current state.
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
        why: `${m.state} without auto-shutdown: ${usd(m.usageRate ?? 0)}/h until stopped`,
      });
  }
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
  };
  const t = structured.totals;
  const summary =
    `${t.running} of ${t.machines} machines running: ${usd(t.usdPerHourNow)}/h now; storage ${usd(t.usdPerMonthStorage)}/month; ` +
    `projected ${usd(t.usdPerDayProjected)}/day, ${usd(t.usdPer30DaysProjected)} per 30 days.` +
    (complete ? '' : ` Only the first ${MAX_MACHINE_PAGES * 120} machines were counted.`);
  return resultOf(structured, summary);
}

const money = z.number();
export const costsOperations = [
  {
    name: 'costs_summary',
    toolset: 'workflows',
    composite: true,
    title: 'Cost summary',
    description:
      'Per machine: usageRate (USD/h running), storageRate (USD/month, also off); totals by hour, day, 30 days; idle costs.',
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
    }),
    handler: summarize,
  },
] as const satisfies readonly Operation[];
