import { entityOf as objectOf } from '../client/entity.js';
import { inline } from '../untrusted.js';
import { type MachineCosts, RATES_FILE, rateOfType, round, type TypeRate, usd } from './rates.js';

/**
 * What a deployment spec costs while it runs: replicas × the hourly rate of its instance type
 * (v0alpha0 `resources.instanceType`) or machine type (later versions `resources.machineType`).
 * The API states no price for deployments: the rate is the --rates file's for that type, else the
 * usageRate of a machine of that type in the account, which is an estimate (a deployment may be
 * billed differently). Autoscaling counts at its maximum, a disabled spec at zero.
 */
export interface DeploymentCost {
  /** The instance or machine type the spec names (undefined when it names none). */
  type: string | undefined;
  /** Replicas counted: the most the spec can run. */
  replicas: number;
  /** Why `replicas` is what it is, when it is not the spec's plain `replicas`. */
  counted?: string;
  rate: TypeRate | undefined;
  /** replicas × rate; 0 when nothing runs; undefined when the rate is unknown. */
  usdPerHour: number | undefined;
  /** True when the rate comes from a machine of that type rather than the --rates file. */
  estimate: boolean;
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** The type and the most replicas a spec can run (its `config`, as sent or as the API stores it). */
export function replicasOf(config: unknown): Pick<DeploymentCost, 'type' | 'replicas' | 'counted'> {
  const spec = objectOf(config) ?? {};
  const resources = objectOf(spec.resources) ?? {};
  const named = resources.instanceType ?? resources.machineType;
  const type = typeof named === 'string' && named !== '' ? named : undefined;
  if (spec.enabled === false) return { type, replicas: 0, counted: 'the spec is disabled' };
  const replicas = count(resources.replicas) ?? 1;
  const autoscaling = objectOf(resources.autoscaling);
  const most = autoscaling && autoscaling.enabled !== false ? count(autoscaling.maxReplicas) : undefined;
  if (most !== undefined && most > replicas) {
    return { type, replicas: most, counted: `autoscaling may run up to ${most}` };
  }
  return { type, replicas };
}

/** What the spec costs per hour given the account's machines and the --rates file. */
export function deploymentCost(
  config: unknown,
  machines: readonly MachineCosts[],
  rates: Readonly<Record<string, number>>,
): DeploymentCost {
  const shape = replicasOf(config);
  const type = shape.type;
  // The operator's rate for the type wins: a machine's is only an estimate of a deployment's.
  const rate =
    type === undefined ? undefined : rateOfType(type, rates[type] === undefined ? machines : [], rates);
  const usdPerHour = shape.replicas === 0 ? 0 : rate ? round(shape.replicas * rate.usd) : undefined;
  return { ...shape, rate, usdPerHour, estimate: rate !== undefined && rate.source !== RATES_FILE };
}

/** One line for a preview or a result: what the spec costs while it runs, and where the rate is from. */
export function deploymentCostLine(cost: DeploymentCost): string {
  const type = cost.type === undefined ? 'no instance type' : `type ${inline(cost.type)}`;
  const counted = cost.counted ? ` (${cost.counted})` : '';
  if (cost.replicas === 0) return `Cost: nothing while it runs no replicas${counted}.`;
  const replicas = `${cost.replicas} replica(s) of ${type}${counted}`;
  if (!cost.rate || cost.usdPerHour === undefined) {
    return `Cost: ${replicas}; the hourly rate of that type is unknown (no machine of that type in the account, and not in the --rates file).`;
  }
  const source = cost.estimate
    ? `an estimate from ${inline(cost.rate.source)}: a deployment may be billed differently`
    : cost.rate.source;
  return `Cost: ${replicas} × ${usd(cost.rate.usd)}/h = ${usd(cost.usdPerHour)}/h while it runs (${source}).`;
}
