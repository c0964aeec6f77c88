import { ConfigError } from './config-error.js';
import { redact } from './secrets.js';

/** Structured log lines on stderr (stdout is the MCP channel on stdio), through the secret filter. */
export const log = (entry: Record<string, unknown>) =>
  process.stderr.write(`${JSON.stringify(redact({ ts: new Date().toISOString(), ...entry }))}\n`);
export const say = (msg: string, level = 'info') => log({ level, msg });

/** Exit codes: 2 for configuration errors (bad flag, missing token beyond loopback), 1 otherwise. */
export function fail(error: unknown): never {
  const known = error instanceof ConfigError || (error instanceof Error && error.name === 'HttpConfigError');
  say(
    known ? (error as Error).message : `fatal: ${error instanceof Error ? error.message : String(error)}`,
    'error',
  );
  process.exit(known ? 2 : 1);
}
