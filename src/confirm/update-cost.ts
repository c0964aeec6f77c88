import { itemsOf } from '../client/entity.js';
import { apiPath } from '../client/paths.js';
import { inline } from '../untrusted.js';
import { costLine, costOf, round, usd } from './rates.js';
import type { Args, Entity, Get } from './rule-types.js';

const GIB = 1024 ** 3;

/**
 * The cost lines of a machines_update preview: what the machine costs now and, for a new type or
 * disk, after. A type's rate comes from a machine of that type in the account (first page of
 * 120); a disk's from the machine's own storage rate per GB.
 */
export async function updateCostFacts(args: Args, target: Entity, get: Get): Promise<string[]> {
  const now = costOf(target);
  const lines = now ? [`Now: ${costLine(now).replace(/^Cost: /, '')}`] : [];
  const type = args.machineType;
  if (typeof type === 'string' && type !== target.machineType) {
    const machines = itemsOf(await get(apiPath('/machines'), { limit: 120, machineType: type }));
    const same = machines.find((m) => m.machineType === type && typeof m.usageRate === 'number');
    const rate = same?.usageRate;
    lines.push(
      same && typeof rate === 'number'
        ? `New type ${inline(type)}: ${usd(rate)}/h while running (as machine ${inline(same.id)} is charged).`
        : `New type ${inline(type)}: its hourly rate is not known here (no machine of that type in the account).`,
    );
  }
  const disk = args.diskSize;
  const totalGb = typeof target.storageTotal === 'number' ? target.storageTotal / GIB : 0;
  if (
    typeof disk === 'number' &&
    typeof target.storageRate === 'number' &&
    totalGb > 0 &&
    disk !== Math.round(totalGb)
  ) {
    lines.push(
      `New disk ${disk} GB: storage about ${usd(round((target.storageRate / totalGb) * disk))}/month.`,
    );
  }
  return lines;
}
