import { redact } from './secrets.js';

/**
 * Log lines on stderr (stdout is the MCP channel on stdio), through the secret filter. A host or a
 * log collector reads them as one JSON object a line; a person running the command in a terminal
 * (stderr is a TTY) reads plain sentences instead.
 */
const human = process.stderr.isTTY === true;

export const log = (entry: Record<string, unknown>) =>
  process.stderr.write(
    human ? plain(entry) : `${JSON.stringify(redact({ ts: new Date().toISOString(), ...entry }))}\n`,
  );
export const say = (msg: string, level = 'info') => log({ level, msg });

/** `warning: msg (key=value …)`: the level only when it is not info, the other fields after. */
function plain(entry: Record<string, unknown>): string {
  const { level, msg, ...rest } = redact(entry);
  const prefix = level === undefined || level === 'info' ? '' : `${String(level)}: `;
  const fields = Object.entries(rest).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return `paperspace-mcp: ${prefix}${String(msg)}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}\n`;
}

/** Whether a person is watching stderr (a terminal) rather than a host or a log collector. */
export const stderrIsTerminal = () => human;
