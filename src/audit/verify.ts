import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { GENESIS, isEntry, recomputed } from './entry.js';

export type VerifyResult =
  | { ok: true; entries: number }
  | { ok: false; entries: number; line: number; why: string };

/**
 * Checks a journal file's chain line by line: each line parses, counts on from the one before, names
 * the previous line's hash as `prev` (64 zeros for the first) and carries the hash of its own fields.
 * Stops at the first line that does not match, counting lines from 1.
 */
export async function verifyJournal(path: string): Promise<VerifyResult> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let prev = GENESIS;
  let seq = 0;
  let number = 0;
  for await (const line of lines) {
    number++;
    const why = check(line, prev, seq);
    if (typeof why === 'string') {
      lines.close();
      return { ok: false, entries: seq, line: number, why };
    }
    prev = why.hash;
    seq = why.seq;
  }
  return { ok: true, entries: seq };
}

function check(line: string, prev: string, seq: number): { hash: string; seq: number } | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (!isEntry(value)) return 'not a journal entry';
  if (value.seq !== seq + 1) return `seq ${value.seq} where ${seq + 1} was due`;
  if (value.prev !== prev) return 'prev does not name the line before';
  if (recomputed(value) !== value.hash) return 'hash does not match the line’s fields';
  return { hash: value.hash, seq: value.seq };
}

/** `paperspace-mcp audit verify FILE`: prints one line, returns the exit code (0 intact, 1 broken, 2 usage). */
export async function auditCommand(
  args: ReadonlyArray<string | undefined>,
  print: (line: string) => void,
): Promise<number> {
  const [verb, path, extra] = args;
  if (verb !== 'verify' || !path || extra !== undefined) {
    print('usage: paperspace-mcp audit verify FILE');
    return 2;
  }
  let result: VerifyResult;
  try {
    result = await verifyJournal(path);
  } catch (error) {
    print(
      `${path}: cannot be read (${error instanceof Error && 'code' in error ? String(error.code) : 'error'})`,
    );
    return 2;
  }
  if (result.ok) {
    print(`${entriesOf(result.entries)}, chain intact`);
    return 0;
  }
  print(`line ${result.line}: ${result.why} (${entriesOf(result.entries)} intact before it)`);
  return 1;
}

const entriesOf = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
