import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDEEMED_KEY_PREFIX, RedisRedeemedStore } from '../../src/confirm/redis-store.js';
import { MemoryRedeemedStore, openRedeemedStore } from '../../src/confirm/store.js';
import { itWithRedis, REDIS_BINARY, type RedisServer, startRedis } from '../helpers/redis.js';

describe('memory redeemed-token store', () => {
  it('redeems a nonce once; forgets it after it expires', async () => {
    let now = 1_000;
    const store = new MemoryRedeemedStore(() => now);
    expect(await store.redeem('n1', 2_000)).toBe(true);
    expect(await store.redeem('n1', 2_000)).toBe(false);
    expect(await store.redeem('n2', 2_000)).toBe(true);
    now = 2_001;
    expect(await store.redeem('n1', 3_000)).toBe(true);
    expect(store.shared).toBe(false);
  });

  it('is what openRedeemedStore gives without a Redis URL', async () => {
    expect(await openRedeemedStore(undefined)).toBeInstanceOf(MemoryRedeemedStore);
  });
});

describe('Redis redeemed-token store (real redis-server)', () => {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    if (REDIS_BINARY) redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  itWithRedis('redeems a nonce once across two stores (two replicas), atomically under a race', async () => {
    const url = (redis as RedisServer).url;
    const [a, b] = await Promise.all([openRedeemedStore(url), openRedeemedStore(url)]);
    try {
      expect(a.shared).toBe(true);
      const expiresAt = Date.now() + 60_000;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).redeem('raced', expiresAt)),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await a.redeem('other', expiresAt)).toBe(true);
      expect(await b.redeem('other', expiresAt)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  itWithRedis('keeps the key only until the token expires (PX)', async () => {
    const url = (redis as RedisServer).url;
    const store = await RedisRedeemedStore.connect(url);
    const probe = createClient({ url });
    await probe.connect();
    try {
      await store.redeem('short-lived', Date.now() + 30_000);
      const ttl = await probe.pTTL(`${REDEEMED_KEY_PREFIX}short-lived`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      await probe.close();
      await store.close();
    }
  });

  itWithRedis('fails (never answers "first") when Redis is gone', async () => {
    const local = await startRedis();
    const store = await RedisRedeemedStore.connect(local.url);
    await local.stop();
    await expect(store.redeem('after-stop', Date.now() + 60_000)).rejects.toThrow();
    await store.close().catch(() => {});
  });

  itWithRedis('refuses to start on a Redis URL nobody answers, without printing the URL', async () => {
    const local = await startRedis();
    await local.stop();
    const url = local.url.replace('redis://', 'redis://user:canary-redis-password@');
    const error = await openRedeemedStore(url).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/cannot connect to the Redis of PAPERSPACE_MCP_REDIS_URL/);
    expect((error as Error).message).not.toContain('canary-redis-password');
  });
});
