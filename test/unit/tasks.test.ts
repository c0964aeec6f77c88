import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it as plainIt } from 'vitest';
import { RedisTaskStore } from '../../src/tasks/redis-store.js';
import { MemoryTaskStore, type TaskStore } from '../../src/tasks/store.js';
import { type TaskIo, type TaskOptions, Tasks, TooManyTasksError } from '../../src/tasks/tasks.js';
import { itWithRedis, REDIS_BINARY, type RedisServer, startRedis } from '../helpers/redis.js';

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

/** A promise with its resolver, to hold a task's work until the test lets it go. */
function latch<T = void>() {
  let release!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

/** Work that waits for the test (or its abort); `seen` resolves with its io as it starts. */
function heldWork() {
  const go = latch<CallToolResult>();
  const seen = latch<TaskIo>();
  const aborted = latch<unknown>();
  const work = async (io: TaskIo) => {
    seen.release(io);
    io.signal.addEventListener('abort', () => aborted.release(io.signal.reason), { once: true });
    return go.promise;
  };
  return { work, go, seen, aborted };
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const statusOf = (tasks: Tasks, taskId: string, owner = 'alice') =>
  tasks.get(taskId, owner) as Promise<Record<string, unknown> & { status: string }>;

const stores: Array<[string, (redis: RedisServer | undefined) => Promise<TaskStore>, boolean]> = [
  ['memory', async () => new MemoryTaskStore(), false],
  ['Redis', async (redis) => RedisTaskStore.connect((redis as RedisServer).url), true],
];

describe.each(stores)('tasks over the %s store', (_name, open, needsRedis) => {
  let redis: RedisServer | undefined;
  const opened: Tasks[] = [];
  const it = needsRedis ? itWithRedis : (name: string, fn: () => Promise<void>) => plainIt(name, fn);
  beforeAll(async () => {
    if (needsRedis && REDIS_BINARY) redis = await startRedis();
  });
  afterAll(async () => {
    for (const tasks of opened) await tasks.close();
    await redis?.stop();
  });

  /** Two replicas over one store (memory: the same store object; Redis: two connections). */
  async function replicas(options: Partial<TaskOptions> = {}): Promise<[Tasks, Tasks]> {
    const first = await open(redis);
    const second = needsRedis ? await open(redis) : first;
    const a = new Tasks(first, options);
    const b = new Tasks(second, options);
    opened.push(a, ...(needsRedis ? [b] : []));
    return [a, b];
  }

  it('a task runs to completed and stays readable, on the other replica too', async () => {
    const [a, b] = await replicas();
    const held = heldWork();
    const created = await a.start('alice', 'slow', held.work);
    expect(created).toMatchObject({ resultType: 'task', status: 'working', ttlMs: 3_600_000 });
    expect(await statusOf(b, created.taskId)).toMatchObject({ status: 'working', resultType: 'complete' });
    (await held.seen.promise).progress('half way');
    await until(
      () => statusOf(b, created.taskId),
      (t) => t.statusMessage === 'half way',
    );
    held.go.release(text('done'));
    const done = await until(
      () => statusOf(b, created.taskId),
      (t) => t.status === 'completed',
    );
    expect(done.result).toEqual(text('done'));
    expect(await statusOf(a, created.taskId)).toMatchObject({ status: 'completed' });
  });

  it('another caller, an unknown id and an expired task all get -32602', async () => {
    let clock = 1_000_000;
    const [a, b] = await replicas({ ttlMs: 60_000, now: () => clock });
    const { taskId } = await a.start('alice', 'quick', async () => text('ok'));
    await until(
      () => statusOf(b, taskId),
      (t) => t.status === 'completed',
    );
    for (const call of [
      () => b.get(taskId, 'mallory'),
      () => b.update(taskId, 'mallory', { any: {} }),
      () => b.cancel(taskId, 'mallory'),
      () => b.get('no-such-task', 'alice'),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: -32602 });
    }
    clock += 60_001;
    await expect(b.get(taskId, 'alice')).rejects.toMatchObject({ code: -32602 });
  });

  it('at most maxLive running tasks per caller; an ended one frees its place', async () => {
    const [a, b] = await replicas({ maxLive: 2 });
    const first = heldWork();
    const t1 = await a.start('alice', 'held', first.work);
    await b.start('alice', 'held', heldWork().work);
    await expect(a.start('alice', 'held', heldWork().work)).rejects.toBeInstanceOf(TooManyTasksError);
    await expect(b.start('alice', 'held', heldWork().work)).rejects.toThrow(/At most 2 tasks/);
    await b.start('bob', 'held', heldWork().work);
    first.go.release(text('done'));
    await until(
      () => statusOf(a, t1.taskId),
      (t) => t.status === 'completed',
    );
    await expect(b.start('alice', 'held', heldWork().work)).resolves.toMatchObject({ status: 'working' });
  });

  it('cancel from the other replica stops the work and is final, and says what was sent', async () => {
    const [a, b] = await replicas({ leaseMs: 300 });
    const held = heldWork();
    const { taskId } = await a.start('alice', 'start', held.work);
    await (await held.seen.promise).sent('The machine may go on starting: stop it with machines_stop.');
    await b.cancel(taskId, 'alice');
    await held.aborted.promise;
    held.go.release(text('finished anyway'));
    await a.settled(taskId);
    const after = await statusOf(a, taskId);
    expect(after).toMatchObject({ status: 'cancelled' });
    expect(after.statusMessage).toMatch(/Cancelled by the client\. The machine may go on starting/);
    expect(after).not.toHaveProperty('result');
    await expect(b.cancel(taskId, 'alice')).resolves.toBeUndefined();
    expect((await statusOf(b, taskId)).status).toBe('cancelled');
  });

  it('a task whose replica stopped turns failed on the other replica, never working forever', async () => {
    let clock = 5_000_000;
    const [a, b] = await replicas({ leaseMs: 60_000, now: () => clock });
    const held = heldWork();
    const { taskId } = await a.start('alice', 'start', held.work);
    await held.seen.promise;
    a.abandon();
    expect((await statusOf(b, taskId)).status).toBe('working');
    clock += 60_001;
    const failed = await statusOf(b, taskId);
    expect(failed).toMatchObject({ status: 'failed', error: { code: -32603 } });
    expect(failed.error).toMatchObject({ message: expect.stringMatching(/server instance .* stopped/) });
    expect(failed.error).toMatchObject({ message: expect.stringMatching(/Nothing had been sent/) });
  });

  it('questions park the task in input_required until every key is answered', async () => {
    const [a, b] = await replicas();
    const asked = {
      one: {
        method: 'elicitation/create' as const,
        params: { message: '1?', requestedSchema: { type: 'object' as const, properties: {} } },
      },
      two: {
        method: 'elicitation/create' as const,
        params: { message: '2?', requestedSchema: { type: 'object' as const, properties: {} } },
      },
    };
    const { taskId } = await a.start('alice', 'ask', async (io) => {
      const answers = await io.ask(asked);
      return text(JSON.stringify(answers));
    });
    const waiting = await until(
      () => statusOf(b, taskId),
      (t) => t.status === 'input_required',
    );
    expect(Object.keys(waiting.inputRequests as object)).toEqual(['one', 'two']);
    await a.update(taskId, 'alice', { one: { action: 'accept' }, stray: {} });
    const partial = await statusOf(b, taskId);
    expect(partial.status).toBe('input_required');
    expect(Object.keys(partial.inputRequests as object)).toEqual(['two']);
    await a.update(taskId, 'alice', { two: { action: 'decline' } });
    const done = await until(
      () => statusOf(b, taskId),
      (t) => t.status === 'completed',
    );
    expect(
      JSON.parse((done.result as { content: Array<{ text: string }> }).content[0]?.text as string),
    ).toEqual({
      one: { action: 'accept' },
      two: { action: 'decline' },
    });
  });
});

describe('the Redis task store', () => {
  itWithRedis('fails a command of a stalled Redis instead of holding the request', async () => {
    const redis = await startRedis();
    const store = await RedisTaskStore.connect(redis.url);
    try {
      redis.pause();
      await expect(store.read('any', Date.now())).rejects.toThrow(/did not answer within 3 s/);
    } finally {
      redis.resume();
      await store.close();
      await redis.stop();
    }
  });
});
