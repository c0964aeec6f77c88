import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../config-error.js';

/**
 * The sandbox's state on disk (--sandbox-state), so separate processes share one simulated account:
 * a client that starts one server per call (the MCP Inspector CLI, scripts) sees what the previous
 * call created. Collections are stored as [id, row] pairs, in insertion order, so listings keep
 * their order across processes.
 */
export interface SandboxState {
  format: typeof FORMAT;
  version: 1;
  tables: Record<string, [string, Record<string, unknown>][]>;
}

const FORMAT = 'paperspace-mcp-sandbox-state';

/**
 * The state saved in `file`, or undefined when there is no such file yet (the sandbox then starts
 * from its seeded demo data). Anything else that keeps it from being used is a ConfigError naming
 * the file, raised before the server starts.
 */
export function readSandboxState(file: string): SandboxState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unusable(file, (error as Error).message);
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    throw unusable(file, 'it is not JSON (a partial copy, or another file?)');
  }
  if (!isState(state))
    throw unusable(file, `it is not a sandbox state file (expected "format": "${FORMAT}")`);
  return state;
}

/** Replaces `file` with `tables` all at once: a reader sees the old state or the new, never a mix. */
export function writeSandboxState(file: string, tables: SandboxState['tables']): void {
  const state: SandboxState = { format: FORMAT, version: 1, tables };
  // Same directory, so the rename stays on one file system (and is atomic).
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, JSON.stringify(state));
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    throw new Error(`Cannot save the sandbox state to ${file}: ${(error as Error).message}`);
  }
}

const unusable = (file: string, why: string) =>
  new ConfigError(
    `--sandbox-state: cannot use ${file}: ${why}. Delete it (or name another file) to start from the demo data.`,
  );

function isState(value: unknown): value is SandboxState {
  if (typeof value !== 'object' || value === null) return false;
  const { format, version, tables } = value as Partial<SandboxState>;
  if (format !== FORMAT || version !== 1) return false;
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables)) return false;
  return Object.values(tables).every(
    (rows) =>
      Array.isArray(rows) &&
      rows.every(
        (row) =>
          Array.isArray(row) &&
          row.length === 2 &&
          typeof row[0] === 'string' &&
          typeof row[1] === 'object' &&
          row[1] !== null &&
          !Array.isArray(row[1]),
      ),
  );
}
