import type { Api } from '../client/api.js';
import { type ApiPath, apiPath } from '../client/paths.js';

/** The part of a tool call's context that lists: its API accessor, as the caller. */
interface Lister {
  api: Pick<Api, 'collect'>;
}

/**
 * Units, as the API reports them on each machine: `usageRate` is USD per hour while the machine
 * runs; `storageRate` is USD per month for its disk, charged whether it runs or not. The API has no
 * price per machine type: a type's rate comes from a machine of that type in the account, or from
 * the operator's --rates file.
 */
export const HOURS_PER_30_DAYS = 720;

export interface MachineCosts {
  id: string;
  name?: string;
  state: string;
  machineType: string;
  region?: string;
  usageRate: number;
  storageRate: number;
  autoShutdownEnabled?: boolean;
  dtCreated?: string;
  dtModified?: string;
}

/** Every state but 'off' may bill usage: transitional states count, so a cap errs on the safe side. */
export const isRunning = (state: string) => state !== 'off';

/** The walk over every machine (or deployment) stops here: a cap must not be judged on a partial list. */
export const MAX_MACHINE_PAGES = 10;
const PAGE_SIZE = 120;

/** Every item of a paginated list, at most MAX_MACHINE_PAGES pages; `complete` says whether that was all. */
export const listAll = <T>(tc: Lister, path: ApiPath): Promise<{ items: T[]; complete: boolean }> =>
  tc.api.collect<T>(path, {}, { maxPages: MAX_MACHINE_PAGES, pageSize: PAGE_SIZE });

export async function listAllMachines(tc: Lister): Promise<{ machines: MachineCosts[]; complete: boolean }> {
  const { items, complete } = await listAll<MachineCosts>(tc, apiPath('/machines'));
  return { machines: items, complete };
}

/** USD per hour of the machines that run now. */
export const burnOf = (machines: readonly MachineCosts[]) =>
  round(machines.filter((m) => isRunning(m.state)).reduce((sum, m) => sum + (m.usageRate ?? 0), 0));

export interface TypeRate {
  usd: number;
  source: string;
}

/** The `source` of a rate taken from the operator's --rates file. */
export const RATES_FILE = 'the --rates file';

/** A machine type's USD per hour: from a machine of that type in the account, else the --rates file. */
export function rateOfType(
  type: string,
  machines: readonly MachineCosts[],
  rates: Readonly<Record<string, number>>,
): TypeRate | undefined {
  const same = machines.find((m) => m.machineType === type && typeof m.usageRate === 'number');
  if (same) return { usd: same.usageRate, source: `machine ${same.id} of that type` };
  const fromFile = rates[type];
  if (typeof fromFile === 'number') return { usd: fromFile, source: RATES_FILE };
  return undefined;
}

/** Sums of floats in structured results are rounded to 4 places (rates can be fractions of a cent). */
export const round = (usd: number) => Math.round(usd * 10_000) / 10_000;

const CENTS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const SUB_CENT = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 2,
});

/**
 * Money in text, the one formatter every message uses: US dollars to the cent, with thousands
 * separators ($84.19/day, $0.45/h, $5.00/month, $2,515.80). An amount that is not zero but would
 * show as $0.00 keeps two significant digits ($0.0042/h), so a small rate never reads as free.
 */
export const usd = (value: number) =>
  (value !== 0 && Math.abs(value) < 0.005 ? SUB_CENT : CENTS).format(value);

/** The cost line every decision point states: hourly while running, storage per month, 30 days always on. */
export function costOf(m: { usageRate?: unknown; storageRate?: unknown }) {
  const hourly = typeof m.usageRate === 'number' ? m.usageRate : undefined;
  const storage = typeof m.storageRate === 'number' ? m.storageRate : undefined;
  if (hourly === undefined && storage === undefined) return undefined;
  return {
    usdPerHourRunning: hourly ?? null,
    usdPerMonthStorage: storage ?? null,
    usdPer30DaysAlwaysOn: round((hourly ?? 0) * HOURS_PER_30_DAYS + (storage ?? 0)),
  };
}

export function costLine(cost: NonNullable<ReturnType<typeof costOf>>): string {
  const parts = [];
  if (cost.usdPerHourRunning !== null) parts.push(`${usd(cost.usdPerHourRunning)}/h while running`);
  if (cost.usdPerMonthStorage !== null) parts.push(`storage ${usd(cost.usdPerMonthStorage)}/month`);
  parts.push(`about ${usd(cost.usdPer30DaysAlwaysOn)} per 30 days if always on`);
  return `Cost: ${parts.join(', ')}.`;
}
