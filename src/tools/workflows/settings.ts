import type { Config } from '../../config/index.js';
import { DEFAULT_POLL_INTERVALS_MS, type WorkflowSettings } from '../define.js';

/** The workflow settings from the config (the --rates file was read and checked with it). */
export function workflowSettings(
  config: Pick<Config, 'maxWaitSeconds' | 'maxHourlySpend' | 'rates' | 'defaultAutoShutdownHours'>,
  pollIntervalsMs: readonly number[] = DEFAULT_POLL_INTERVALS_MS,
): WorkflowSettings {
  return {
    maxWaitSeconds: config.maxWaitSeconds,
    maxHourlySpend: config.maxHourlySpend,
    rates: config.rates,
    defaultAutoShutdownHours: config.defaultAutoShutdownHours,
    pollIntervalsMs,
  };
}
