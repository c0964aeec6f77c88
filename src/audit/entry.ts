import { createHash } from 'node:crypto';

/** How the decision on an attempted change came out. */
export type AuditDecision = 'allowed' | 'previewed' | 'confirmed' | 'denied' | 'refused';
/** What became of it. An intent line (written before the request is sent) has none. */
export type AuditOutcome = 'applied' | 'failed' | 'may-have-applied' | 'not-sent';

/** What a call's lines share: who called, with which client, the tool, its target and its redacted arguments. */
export interface Attempt {
  /** Digest of the caller's key, never the key. */
  caller: string;
  client?: { name: string; version: string };
  tool: string;
  target?: string;
  /** Arguments with secret-looking and known secret values already replaced. */
  args: Record<string, unknown>;
}

/** The decision a line records: its kind, the policy rule behind it, the confirmation's id. */
export interface LineDecision {
  decision: AuditDecision;
  /** Index of the policy rule that decided, when one did. */
  rule?: number;
  /** The confirmation token's id (its nonce), never the token. */
  token?: string;
}

/** One journal line before chaining: what the pipeline reports. */
export interface AuditRecord extends Attempt, LineDecision {
  outcome?: AuditOutcome;
  costPerHour?: number;
}

/** A chained journal line. */
export interface AuditEntry extends AuditRecord {
  seq: number;
  time: string;
  prev: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

/** The chain's head: the last line's seq and hash (seq 0 and 64 zeros before the first line). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The next line after `head`: `hash` = sha256 over every other field (prev included), in canonical form. */
export function chain(record: AuditRecord, head: ChainHead, now: Date): AuditEntry {
  const unhashed = { ...record, seq: head.seq + 1, time: now.toISOString(), prev: head.hash };
  return { ...unhashed, hash: hashOf(unhashed) };
}

export function hashOf(fields: object): string {
  return createHash('sha256').update(canonical(fields)).digest('hex');
}

/** JSON with object keys sorted at every level and no whitespace, so any writer hashes the same bytes. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => Reflect.get(value, k) !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(Reflect.get(value, k))}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A parsed line whose fields have the journal's types (content is checked by the chain, not here). */
export function isEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = (k: string) => Reflect.get(value, k);
  return (
    Number.isSafeInteger(v('seq')) &&
    typeof v('time') === 'string' &&
    typeof v('prev') === 'string' &&
    typeof v('hash') === 'string' &&
    typeof v('tool') === 'string' &&
    typeof v('caller') === 'string'
  );
}

/** The entry's own hash, recomputed from its fields. */
export function recomputed(entry: AuditEntry): string {
  const { hash: _, ...rest } = entry;
  return hashOf(rest);
}

/** A journal line parsed, or undefined when it is not one. */
export function parseEntry(line: string): AuditEntry | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isEntry(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
