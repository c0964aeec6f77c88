import { connectRedis } from '../client/redis.js';
import { expiresAt, type TaskRecord } from './record.js';
import type { TaskStore } from './store.js';

/** Keys live under one prefix, so a shared Redis can be inspected and cleaned by pattern. */
export const TASK_KEY_PREFIX = 'paperspace-mcp:task:';
const OWNER_KEY_PREFIX = 'paperspace-mcp:task-owner:';

/**
 * Counts the owner's live tasks (dropping ids whose record expired or ended), then stores the new
 * one unless the owner is at the cap. One script: two replicas cannot both pass the count.
 * KEYS: owner set, task key. ARGV: record JSON, maxLive, now, task key prefix, ttl ms, task id.
 */
const INSERT = `
local live = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local raw = redis.call('GET', ARGV[4] .. id)
  local alive = false
  if raw then
    local t = cjson.decode(raw)
    alive = t.status ~= 'completed' and t.status ~= 'failed' and t.status ~= 'cancelled'
      and t.leaseUntil >= tonumber(ARGV[3])
  end
  if alive then live = live + 1 else redis.call('SREM', KEYS[1], id) end
end
if live >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[5])
redis.call('SADD', KEYS[1], ARGV[6])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1`;

/** Replaces the record when its stored version is the one before ARGV[2]; keeps the key's expiry. */
const REPLACE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
if cjson.decode(raw).version ~= tonumber(ARGV[2]) - 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 1`;

/** Longest a command may take: a stalled Redis fails the request instead of holding it. */
export const TASK_STORE_TIMEOUT_MS = 3_000;

function within<T>(command: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`the task store (Redis) did not answer within ${TASK_STORE_TIMEOUT_MS / 1000} s`)),
      TASK_STORE_TIMEOUT_MS,
    );
  });
  return Promise.race([command, deadline]).finally(() => clearTimeout(timer));
}

/** The part of the client this store uses. */
interface Client {
  get(key: string): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/**
 * Tasks in Redis, shared by every replica: one JSON record per task under `prefix+taskId`,
 * expiring with its ttlMs, and one set of task ids per owner for the running cap. Commands are
 * not queued while disconnected: a store that cannot answer fails the request at once.
 */
export class RedisTaskStore implements TaskStore {
  readonly shared = true;

  private constructor(private readonly client: Client) {}

  /** Connects before the server starts serving, so a wrong URL fails at start-up. */
  static async connect(url: string): Promise<RedisTaskStore> {
    const client = await connectRedis(url);
    return new RedisTaskStore(client as unknown as Client);
  }

  async insert(record: TaskRecord, maxLive: number, now: number): Promise<boolean> {
    const stored = { ...record, version: 0 };
    const ttl = Math.max(1, expiresAt(stored) - now);
    const reply = await within(
      this.client.eval(INSERT, {
        keys: [OWNER_KEY_PREFIX + ownerKey(record.owner), TASK_KEY_PREFIX + record.taskId],
        arguments: [
          JSON.stringify(stored),
          String(maxLive),
          String(now),
          TASK_KEY_PREFIX,
          String(ttl),
          record.taskId,
        ],
      }),
    );
    return reply === 1;
  }

  async read(taskId: string, now: number): Promise<TaskRecord | undefined> {
    const raw = await within(this.client.get(TASK_KEY_PREFIX + taskId));
    if (raw === null) return undefined;
    const record = JSON.parse(raw) as TaskRecord;
    return expiresAt(record) > now ? record : undefined;
  }

  async replace(next: TaskRecord): Promise<boolean> {
    const reply = await within(
      this.client.eval(REPLACE, {
        keys: [TASK_KEY_PREFIX + next.taskId],
        arguments: [JSON.stringify(next), String(next.version)],
      }),
    );
    return reply === 1;
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}

/** The owner is already a digest or ''; '' gets a name of its own. */
const ownerKey = (owner: string) => (owner === '' ? '-' : owner);
