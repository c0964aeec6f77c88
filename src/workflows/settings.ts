import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { type Config, ConfigError } from '../config.js';
import { DEFAULT_POLL_INTERVALS_MS, type WorkflowSettings } from './context.js';

const RatesFile = z.record(z.string().min(1), z.number().positive().finite());

/** The workflow settings from the config; a bad --rates file fails here, at start-up. */
export function workflowSettings(
  config: Pick<Config, 'maxWaitSeconds' | 'maxHourlySpend' | 'ratesFile' | 'defaultAutoShutdownHours'>,
  pollIntervalsMs: readonly number[] = DEFAULT_POLL_INTERVALS_MS,
): WorkflowSettings {
  return {
    maxWaitSeconds: config.maxWaitSeconds,
    maxHourlySpend: config.maxHourlySpend,
    rates: config.ratesFile ? loadRates(config.ratesFile) : {},
    defaultAutoShutdownHours: config.defaultAutoShutdownHours,
    pollIntervalsMs,
  };
}

function loadRates(path: string): Record<string, number> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--rates: cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(
      `--rates: ${path} is not JSON. Expected e.g. {"A100": 3.09, "C5": 0.08} (USD per hour).`,
    );
  }
  const parsed = RatesFile.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `--rates: ${path} must map machine types to positive USD-per-hour numbers, e.g. {"A100": 3.09}.`,
    );
  }
  return parsed.data;
}
