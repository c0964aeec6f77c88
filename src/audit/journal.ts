import type { Attempt, AuditEntry, AuditOutcome, AuditRecord, LineDecision } from './entry.js';
import { type AuditJournal, AuditJournalError, failureReason } from './sink.js';

/** Where attempts to change something are recorded (a file, a Redis stream, or nowhere). */
export type Journal = AuditJournal;

/** No journal: nothing is written, nothing is stopped. */
export const NO_JOURNAL: Journal = {
  where: 'none',
  append: async (record) => ({ ...record, seq: 0, time: '', prev: '', hash: '' }),
  recent: async () => [],
  close: async () => {},
};

/** A journal that could not be opened: the server starts, and every change is refused naming it. */
export function unwritableJournal(where: string, error: unknown): Journal {
  const why = failureReason(error);
  return {
    where,
    append: () => Promise.reject(new AuditJournalError(where, why)),
    recent: async () => [],
    close: async () => {},
  };
}

/**
 * One attempt's lines. Not sent (denied, refused, previewed): one line, outcome `not-sent`. Sent:
 * an intent line before the request (awaited: when it cannot be written nothing is sent) and an
 * outcome line after it. Every write rejects with AuditJournalError naming the journal.
 */
export class AttemptLines {
  constructor(
    private readonly journal: Journal,
    private readonly attempt: Attempt,
  ) {}

  notSent(decided: LineDecision): Promise<AuditEntry> {
    return this.write(decided, { outcome: 'not-sent' });
  }

  intent(decided: LineDecision): Promise<AuditEntry> {
    return this.write(decided, {});
  }

  outcome(decided: LineDecision, outcome: AuditOutcome, costPerHour?: number): Promise<AuditEntry> {
    return this.write(decided, { outcome, ...(costPerHour === undefined ? {} : { costPerHour }) });
  }

  private write(decided: LineDecision, end: Pick<AuditRecord, 'outcome' | 'costPerHour'>) {
    const record: AuditRecord = {
      ...this.attempt,
      decision: decided.decision,
      ...(decided.rule === undefined ? {} : { rule: decided.rule }),
      ...(decided.token === undefined ? {} : { token: decided.token }),
      ...end,
    };
    return this.journal.append(record);
  }
}
