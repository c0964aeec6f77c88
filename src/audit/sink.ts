import type { AuditEntry, AuditRecord } from './entry.js';

/**
 * An append-only, hash-chained record of every attempt to change something. `append` resolves once
 * the line is stored; when it rejects, the change must not be sent (an unjournaled change never
 * happens).
 */
export interface AuditJournal {
  /** Where entries go, for messages: a file path or `redis stream NAME`. */
  readonly where: string;
  append(record: AuditRecord): Promise<AuditEntry>;
  /** The caller's own most recent entries, newest first. */
  recent(caller: string, limit: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

/** The journal could not store a line: the change it was about is refused, in one line naming the journal. */
export class AuditJournalError extends Error {
  override readonly name = 'AuditJournalError';
  constructor(where: string, why: string) {
    super(`the audit journal (${where}) cannot be written (${why}); the change was not sent`);
  }
}

/** A short, key-free reason for a storage failure: an errno code or the error's first line. */
export function failureReason(error: unknown): string {
  if (error instanceof Error) {
    if ('code' in error && typeof error.code === 'string') return error.code;
    return error.message.split('\n')[0]?.slice(0, 120) || 'unknown error';
  }
  return 'unknown error';
}
