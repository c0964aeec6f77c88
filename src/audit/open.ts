import { FileJournal } from './file-journal.js';
import { type Journal, NO_JOURNAL, unwritableJournal } from './journal.js';
import { RedisJournal } from './redis-journal.js';
import { AuditJournalError, failureReason } from './sink.js';

export interface JournalSettings {
  auditLog?: string | undefined;
  auditStream?: string | undefined;
  redisUrl?: string | undefined;
}

/**
 * The journal the settings name: a file (--audit-log), a Redis stream (--audit-stream with
 * PAPERSPACE_MCP_REDIS_URL) or none. One that cannot be opened does not stop the server: every
 * change is then refused with the reason, and `onUnwritable` says so once at start.
 */
export async function openJournal(
  settings: JournalSettings,
  onUnwritable: (message: string) => void,
): Promise<Journal> {
  const { auditLog, auditStream, redisUrl } = settings;
  if (auditLog !== undefined) {
    try {
      return await FileJournal.open(auditLog);
    } catch (error) {
      onUnwritable(
        `${new AuditJournalError(auditLog, failureReason(error)).message}: every change is refused until the server restarts.`,
      );
      return unwritableJournal(auditLog, error);
    }
  }
  if (auditStream !== undefined && redisUrl) {
    const where = `redis stream ${auditStream}`;
    try {
      return await RedisJournal.connect(redisUrl, auditStream);
    } catch (error) {
      onUnwritable(
        `${new AuditJournalError(where, failureReason(error)).message}: every change is refused until the server restarts.`,
      );
      return unwritableJournal(where, error);
    }
  }
  return NO_JOURNAL;
}
