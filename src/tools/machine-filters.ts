import * as z from 'zod';
import type { Page } from '../client/api.js';
import { apiPath } from '../client/paths.js';
import { type Operation, resultOf, type ToolContext } from './define.js';
import { MACHINE_STATES } from './machine-states.js';

/**
 * Filters machines_list applies itself, because the API has none for them: `state`,
 * `stoppedBefore`, `createdBefore`. They are applied across pages: up to MAX_PAGES pages of 120
 * are walked until `limit` matches are found; the answer holds every match of the pages walked and
 * the cursor of the last one, so `hasMore` and `nextPage` say truthfully whether machines remain
 * unexamined.
 *
 * When a machine stopped: every state change updates a machine's dtModified, so an off machine
 * whose dtModified is before the date stopped before it. Otherwise (it was modified after, e.g.
 * renamed) the finish time of its latest done `stop` event decides (its `create` event for a
 * machine created off), looked up for at most MAX_EVENT_LOOKUPS machines per call; machines
 * beyond that are listed in `undetermined`.
 */
const MAX_PAGES = 10;
const MAX_EVENT_LOOKUPS = 20;

const isoDate = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z')
  .meta({ format: 'date-time' });

export const machineListFilters = {
  state: z.enum(MACHINE_STATES).optional().describe('Machine state'),
  stoppedBefore: isoDate.optional().describe('ISO date'),
  createdBefore: isoDate.optional().describe('ISO date'),
};

export const machineListFilterReasons = {
  state: 'filtered by the server across pages: the API has no state filter',
  stoppedBefore: 'filtered by the server from dtModified and stop events: the API has no such filter',
  createdBefore: 'filtered by the server across pages: the API has no such filter',
};

type Machine = Record<string, unknown> & { id: string; state: string; dtCreated: string; dtModified: string };

export async function filteredMachineList(args: Record<string, unknown>, tc: ToolContext, op: Operation) {
  const { state, stoppedBefore, createdBefore, limit, ...apiArgs } = args;
  if (state === undefined && stoppedBefore === undefined && createdBefore === undefined)
    return tc.runRoute(op, args);
  const wanted = typeof limit === 'number' ? limit : 20;
  const stopCutoff = typeof stoppedBefore === 'string' ? Date.parse(stoppedBefore) : undefined;
  const createCutoff = typeof createdBefore === 'string' ? Date.parse(createdBefore) : undefined;
  const items: Machine[] = [];
  const undetermined: string[] = [];
  let lookups = 0;
  let page: Page<Machine> = { items: [], hasMore: false, nextPage: null };
  for await (page of tc.api.list<Machine>(apiPath('/machines'), apiArgs, {
    maxPages: MAX_PAGES,
    pageSize: 120,
  })) {
    for (const m of page.items) {
      if (state !== undefined && m.state !== state) continue;
      if (createCutoff !== undefined && !(Date.parse(m.dtCreated) < createCutoff)) continue;
      if (stopCutoff !== undefined) {
        if (m.state !== 'off') continue;
        if (!(Date.parse(m.dtModified) < stopCutoff)) {
          if (lookups >= MAX_EVENT_LOOKUPS) {
            undetermined.push(m.id);
            continue;
          }
          lookups++;
          const stoppedAt = await stopTimeOf(m.id, tc);
          if (stoppedAt === undefined || !(stoppedAt < stopCutoff)) continue;
        }
      }
      items.push(m);
    }
    if (items.length >= wanted) break;
  }
  const hasMore = page.hasMore && !!page.nextPage;
  const structured: Record<string, unknown> = { items, hasMore, nextPage: hasMore ? page.nextPage : null };
  if (undetermined.length > 0) structured.undetermined = undetermined;
  return resultOf(structured);
}

/** Finish time of the machine's latest done stop (or create) event, in ms; undefined if none is found. */
async function stopTimeOf(machineId: string, tc: ToolContext): Promise<number | undefined> {
  const events = await tc.request<{ items?: Record<string, unknown>[] }>({
    method: 'GET',
    path: apiPath('/machine-events'),
    query: { machineId, limit: 120, orderBy: 'dtCreated', order: 'desc' },
  });
  const last = (events.items ?? []).find(
    (e) =>
      e.state === 'done' && (e.name === 'stop' || e.name === 'create') && typeof e.dtFinished === 'string',
  );
  return last ? Date.parse(String(last.dtFinished)) : undefined;
}
