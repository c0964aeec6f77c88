import { type FileHandle, open } from 'node:fs/promises';
import { type AuditEntry, type AuditRecord, type ChainHead, chain, GENESIS, parseEntry } from './entry.js';
import { type AuditJournal, AuditJournalError, failureReason } from './sink.js';
import { linesFromEnd } from './tail.js';

/** Bytes read from the end when looking for a caller's recent entries. */
const RECENT_SCAN_BYTES = 8 * 1024 * 1024;

/**
 * The journal as a JSON-lines file: created mode 0600, opened for appending (never truncated), each
 * line synced to disk before the change it records is sent. A restart continues the chain from the
 * last line, read from the end of the file.
 */
export class FileJournal implements AuditJournal {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly where: string,
    private readonly file: FileHandle,
    private head: ChainHead,
    private size: number,
    private readonly now: () => Date,
  ) {}

  static async open(path: string, now: () => Date = () => new Date()): Promise<FileJournal> {
    const file = await open(path, 'a+', 0o600);
    try {
      const head = await lastHead(file, path);
      const { size } = await file.stat();
      return new FileJournal(path, file, head, size, now);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    const next = this.queue.then(() => this.write(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(record: AuditRecord): Promise<AuditEntry> {
    const entry = chain(record, this.head, this.now());
    const line = Buffer.from(`${JSON.stringify(entry)}\n`);
    try {
      await this.file.write(line);
      await this.file.datasync();
    } catch (error) {
      // Remove what this failed write may have left (a partial line), so the chain stays readable.
      await this.file.truncate(this.size).catch(() => undefined);
      throw new AuditJournalError(this.where, failureReason(error));
    }
    this.size += line.length;
    this.head = { seq: entry.seq, hash: entry.hash };
    return entry;
  }

  async recent(caller: string, limit: number): Promise<AuditEntry[]> {
    await this.queue;
    const found: AuditEntry[] = [];
    for await (const line of linesFromEnd(this.file, Number.POSITIVE_INFINITY, RECENT_SCAN_BYTES)) {
      const entry = parseEntry(line);
      if (entry?.caller === caller) found.push(entry);
      if (found.length >= limit) break;
    }
    return found;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.close();
  }
}

async function lastHead(file: FileHandle, path: string): Promise<ChainHead> {
  for await (const line of linesFromEnd(file, 1)) {
    const entry = parseEntry(line);
    if (!entry)
      throw new AuditJournalError(
        path,
        'its last line is not a journal entry; check it with `paperspace-mcp audit verify`',
      );
    return { seq: entry.seq, hash: entry.hash };
  }
  return { seq: 0, hash: GENESIS };
}
