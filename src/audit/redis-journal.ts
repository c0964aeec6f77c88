import { connectRedis } from '../client/redis.js';
import { type AuditEntry, type AuditRecord, type ChainHead, chain, GENESIS, parseEntry } from './entry.js';
import { type AuditJournal, AuditJournalError, failureReason } from './sink.js';

/**
 * Appends the line only when the stream's last entry is still the head this replica chained on;
 * otherwise answers that last entry, so the replica re-chains on it and tries again. One chain
 * across every replica, with no lock held between commands.
 */
const APPEND_IF_HEAD = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local head = '${GENESIS}'
local line = ''
if #last > 0 then
  local fields = last[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'hash' then head = fields[i + 1] end
    if fields[i] == 'entry' then line = fields[i + 1] end
  end
end
if head ~= ARGV[1] then return {'stale', line} end
redis.call('XADD', KEYS[1], '*', 'entry', ARGV[2], 'hash', ARGV[3])
return {'ok', ''}
`;

const MAX_RETRIES = 20;
const RECENT_SCAN = 5_000;

/** The part of the Redis client this journal uses. */
interface Client {
  sendCommand(args: string[]): Promise<unknown>;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/** The journal as a Redis Stream (`XADD`), for servers run as several replicas. */
export class RedisJournal implements AuditJournal {
  readonly where: string;
  private head: ChainHead = { seq: 0, hash: GENESIS };
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: Client,
    private readonly stream: string,
    private readonly now: () => Date,
  ) {
    this.where = `redis stream ${stream}`;
  }

  static async connect(
    url: string,
    stream: string,
    now: () => Date = () => new Date(),
  ): Promise<RedisJournal> {
    return new RedisJournal(await connectRedis(url), stream, now);
  }

  append(record: AuditRecord): Promise<AuditEntry> {
    const next = this.queue.then(() => this.write(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(record: AuditRecord): Promise<AuditEntry> {
    try {
      for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
        const entry = chain(record, this.head, this.now());
        const reply = await this.client.sendCommand([
          'EVAL',
          APPEND_IF_HEAD,
          '1',
          this.stream,
          this.head.hash,
          JSON.stringify(entry),
          entry.hash,
        ]);
        const [status, last] = Array.isArray(reply) ? reply.map(String) : [];
        if (status === 'ok') {
          this.head = { seq: entry.seq, hash: entry.hash };
          return entry;
        }
        const lastEntry = parseEntry(last ?? '');
        if (!lastEntry) throw new Error('the stream’s last entry is not a journal entry');
        this.head = { seq: lastEntry.seq, hash: lastEntry.hash };
      }
      throw new Error('other replicas kept appending; gave up');
    } catch (error) {
      throw new AuditJournalError(this.where, failureReason(error));
    }
  }

  async recent(caller: string, limit: number): Promise<AuditEntry[]> {
    const reply = await this.client.sendCommand([
      'XREVRANGE',
      this.stream,
      '+',
      '-',
      'COUNT',
      String(RECENT_SCAN),
    ]);
    const found: AuditEntry[] = [];
    for (const item of Array.isArray(reply) ? reply : []) {
      const fields: unknown = Array.isArray(item) ? item[1] : undefined;
      if (!Array.isArray(fields)) continue;
      const at = fields.indexOf('entry');
      const entry = at >= 0 ? parseEntry(String(fields[at + 1])) : undefined;
      if (entry?.caller === caller) found.push(entry);
      if (found.length >= limit) break;
    }
    return found;
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
