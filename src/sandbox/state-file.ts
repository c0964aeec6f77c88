import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../config/error.js';
import { errorCode, isRecord, messageOf } from './values.js';

/**
 * The sandbox's state on disk (--sandbox-state), so separate processes share one simulated account:
 * a client that starts one server per call (the MCP Inspector CLI, scripts) sees what the previous
 * call created, and a confirmation token one process minted is confirmed once by the next. The
 * file holds the collections (as [id, row] pairs, in insertion order, so listings keep their
 * order), the token-signing secret and the redeemed token nonces: it is written mode 0600.
 */
export interface SandboxState {
  format: typeof FORMAT;
  version: 1;
  tables: Record<string, [string, Record<string, unknown>][]>;
  /** Signs confirmation tokens; made when the file is first written. */
  secret?: string;
  /** Redeemed token nonces and when they expire (epoch ms). */
  redeemed?: [string, number][];
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
    if (errorCode(error) === 'ENOENT') return undefined;
    throw unusable(file, messageOf(error));
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

/**
 * Changes `file` under a lock that other processes respect: `change` gets the state on disk now
 * (the seeded start when there is none) and returns the new one, which replaces the file all at
 * once (a reader sees the old state or the new, never a mix). A secret is made if there is none.
 */
export function updateSandboxState<T>(
  file: string,
  change: (state: SandboxState & { secret: string }) => { state: SandboxState; result: T },
): T {
  return withLock(file, () => {
    const now = readSandboxState(file) ?? { format: FORMAT, version: 1, tables: {} };
    const { state, result } = change({ ...now, secret: now.secret ?? randomBytes(32).toString('hex') });
    write(file, state);
    return result;
  });
}

/** Saves the collections, keeping the secret and the redeemed tokens that are in the file. */
export function writeSandboxState(file: string, tables: SandboxState['tables']): string {
  return updateSandboxState(file, (state) => ({
    state: { ...state, tables },
    result: state.secret,
  }));
}

/**
 * Marks a token's nonce as redeemed until `expiresAt`: true for the first call in any process that
 * shares the file, false for every later one. Expired nonces are dropped on the way.
 */
export function redeemInSandboxState(file: string, nonce: string, expiresAt: number): boolean {
  return updateSandboxState(file, (state) => {
    const now = Date.now();
    const live = (state.redeemed ?? []).filter(([, expiry]) => expiry > now);
    const fresh = !live.some(([n]) => n === nonce);
    if (fresh) live.push([nonce, expiresAt]);
    return { state: { ...state, redeemed: live }, result: fresh };
  });
}

function write(file: string, state: SandboxState): void {
  // Same directory, so the rename stays on one file system (and is atomic).
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    throw new Error(`Cannot save the sandbox state to ${file}: ${messageOf(error)}`);
  }
}

/** A lock left by a process that died holding it is taken over after this long. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 30_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn` while holding `<file>.lock` (created exclusively; other processes wait for it). */
function withLock<T>(file: string, fn: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') {
        throw new Error(`Cannot lock the sandbox state ${file}: ${messageOf(error)}`);
      }
      if (lockAge(lock) > STALE_LOCK_MS) {
        try {
          unlinkSync(lock);
        } catch {
          // Another process took it over first.
        }
      } else if (Date.now() > deadline) {
        throw new Error(`Cannot lock the sandbox state ${file}: ${lock} is held by another process.`);
      } else {
        Atomics.wait(pause, 0, 0, 5);
      }
    }
  }
  try {
    return fn();
  } finally {
    unlinkSync(lock);
  }
}

function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

const unusable = (file: string, why: string) =>
  new ConfigError(
    `--sandbox-state: cannot use ${file}: ${why}. Delete it (or name another file) to start from the demo data.`,
  );

function isState(value: unknown): value is SandboxState {
  if (!isRecord(value)) return false;
  const { format, version, tables, secret, redeemed } = value;
  if (format !== FORMAT || version !== 1) return false;
  if (secret !== undefined && (typeof secret !== 'string' || secret.length < 32)) return false;
  if (
    redeemed !== undefined &&
    !(
      Array.isArray(redeemed) &&
      redeemed.every((r) => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'number')
    )
  ) {
    return false;
  }
  if (!isRecord(tables)) return false;
  return Object.values(tables).every(
    (rows) =>
      Array.isArray(rows) &&
      rows.every(
        (row) => Array.isArray(row) && row.length === 2 && typeof row[0] === 'string' && isRecord(row[1]),
      ),
  );
}
