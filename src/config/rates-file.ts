import { readFileSync } from 'node:fs';
import { ConfigError } from './error.js';

/**
 * The operator's --rates file: JSON mapping machine types to USD per hour, e.g. {"A100": 3.09}.
 * Read while the configuration is checked, so a bad file stops the server before it answers anything.
 */
export function loadRates(path: string | undefined): Record<string, number> {
  if (path === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'it is not JSON' : (error as Error).message;
    throw new ConfigError(
      `--rates: cannot use ${path}: ${why}. Expected e.g. {"A100": 3.09} (USD per hour).`,
    );
  }
  const valid =
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    Object.entries(json).every(([k, v]) => k !== '' && typeof v === 'number' && Number.isFinite(v) && v > 0);
  if (!valid) {
    throw new ConfigError(
      `--rates: ${path} must map machine types to positive USD-per-hour numbers, e.g. {"A100": 3.09}.`,
    );
  }
  return json as Record<string, number>;
}
