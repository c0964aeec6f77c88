import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { REDEEMED_KEY_PREFIX, RedisRedeemedStore } from '../../src/confirm/redis-store.js';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { Api } from '../helpers/gated-fixtures.js';
import { type CallResult, confirmTokenIn, type Harness, startHarness, textOf } from '../helpers/harness.js';
import { itWithRedis, REDIS_BINARY, type RedisServer, startRedis } from '../helpers/redis.js';
import { startTapProxy, type TapProxy } from '../helpers/tap-proxy.js';

/**
 * A confirmation cannot outlive its terms, however slow the store of used confirmations is: a
 * redeem that does not answer in time refuses the call; a token (or elicitation round, or batch
 * plan) that expired while its redeem was slow is refused; and the target is read again after the
 * redeem, right before the call is sent, so a target changed meanwhile is refused. The store is a
 * real redis-server, paused with SIGSTOP; a proxy in front of it tells when the redeem went out.
 */
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    nonce: string;
    exp: number;
  };

/** Resolves once the clock has passed `epochMs` (checked every few ms: a condition, not a timing). */
async function past(epochMs: number): Promise<void> {
  while (Date.now() <= epochMs + 5) await new Promise((r) => setTimeout(r, 20));
}

describe('confirmations hold to their terms across a stalled Redis', () => {
  let redis: RedisServer | undefined;
  let proxy: TapProxy | undefined;
  let store: RedisRedeemedStore | undefined;
  let h: Harness | undefined;
  beforeAll(async () => {
    if (!REDIS_BINARY) return;
    redis = await startRedis();
    proxy = await startTapProxy(redis.url);
    store = await RedisRedeemedStore.connect(proxy.url);
  });
  afterEach(async () => {
    redis?.resume();
    await h?.close();
    h = undefined;
  });
  afterAll(async () => {
    await store?.close();
    await proxy?.close();
    await redis?.stop();
  });

  const start = async (options: { args?: string[]; redeemTimeoutMs?: number; elicit?: 'accept' }) => {
    h = await startHarness({
      args: ['--toolsets', 'all', ...(options.args ?? [])],
      redeemed: store as RedisRedeemedStore,
      redeemTimeoutMs: options.redeemTimeoutMs ?? 30_000,
      ...(options.elicit ? { elicit: options.elicit } : {}),
    });
    return { harness: h, api: new Api(h.api) };
  };
  const deletes = (harness: Harness) => harness.requests().filter((r) => r.method === 'DELETE');

  /**
   * Pauses Redis, starts `call`, and resolves once the redeem of `nonce` went out (and with the
   * call's promise). Fails if the call ends before its redeem was sent.
   */
  async function stalledRedeem(nonce: string, call: () => Promise<CallResult>) {
    redis?.pause();
    const pending = call();
    const ended = pending.then(
      (r) => `the call ended before its redeem was sent: ${textOf(r)}`,
      (e: Error) => `the call failed before its redeem was sent: ${e.message}`,
    );
    const raced = await Promise.race([(proxy as TapProxy).sent(`${REDEEMED_KEY_PREFIX}${nonce}`), ended]);
    if (typeof raced === 'string') throw new Error(raced);
    // Wrapped: an async function would otherwise wait for the stalled call itself.
    return { pending };
  }

  itWithRedis(
    'a redeem Redis does not answer refuses the call after the timeout; nothing is sent, and the token stays spent',
    async () => {
      const { harness, api } = await start({ redeemTimeoutMs: 300 });
      const id = await api.machine();
      const token = confirmTokenIn(await harness.call('machines_delete', { id })) as string;
      harness.clearLog();
      const { pending } = await stalledRedeem(payloadOf(token).nonce, () =>
        harness.call('machines_delete', { id, confirm: token }),
      );
      const result = await pending;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        /^machines_delete: the confirmation could not be redeemed within 300 ms \(the store of used confirmations did not answer\), so nothing was sent\./,
      );
      expect(harness.requests().filter(isMutating)).toEqual([]);
      redis?.resume();
      const again = await harness.call('machines_delete', { id, confirm: token });
      expect(textOf(again)).toMatch(/it has already been used/);
      expect(deletes(harness)).toEqual([]);
    },
  );

  itWithRedis(
    'a token redeemed across a Redis pause longer than its TTL is refused as expired; nothing is sent',
    async () => {
      const { harness, api } = await start({ args: ['--confirm-ttl', '2'] });
      const id = await api.machine();
      const token = confirmTokenIn(await harness.call('machines_delete', { id })) as string;
      const { nonce, exp } = payloadOf(token);
      harness.clearLog();
      const { pending } = await stalledRedeem(nonce, () =>
        harness.call('machines_delete', { id, confirm: token }),
      );
      await past(exp);
      redis?.resume();
      const result = await pending;
      expect(textOf(result)).toMatch(
        /^The confirmation token was refused: it has expired\. Nothing was changed\./,
      );
      expect(deletes(harness)).toEqual([]);
    },
  );

  itWithRedis(
    'a target changed while the redeem was stalled is refused: it is read again after the redeem',
    async () => {
      const { harness, api } = await start({});
      const id = await api.machine();
      const token = confirmTokenIn(await harness.call('machines_delete', { id })) as string;
      harness.clearLog();
      const { pending } = await stalledRedeem(payloadOf(token).nonce, () =>
        harness.call('machines_delete', { id, confirm: token }),
      );
      await api.patch(`/machines/${id}/stop`);
      redis?.resume();
      const result = await pending;
      expect(textOf(result)).toMatch(/changed \(or disappeared\) since the preview/);
      expect(deletes(harness)).toEqual([]);
    },
  );

  itWithRedis(
    'an elicitation round redeemed across a pause longer than its TTL is refused; nothing is sent',
    async () => {
      const { harness, api } = await start({ args: ['--confirm-ttl', '2'], elicit: 'accept' });
      const id = await api.machine();
      harness.clearLog();
      // The round's state carries its own nonce: catch whichever redeem goes out. It was signed
      // before its redeem was sent, so it has expired 2 s after that at the latest.
      redis?.pause();
      proxy?.forget();
      const pending = harness.call('machines_delete', { id });
      await (proxy as TapProxy).sent(REDEEMED_KEY_PREFIX);
      await past(Date.now() + 2_000);
      redis?.resume();
      const result = await pending;
      expect(harness.elicitations).toHaveLength(1);
      expect(textOf(result)).toMatch(
        /^machines_delete: the confirmation round expired before it could be redeemed\./,
      );
      expect(deletes(harness)).toEqual([]);
    },
  );

  itWithRedis(
    'a batch plan token redeemed across a pause longer than its TTL is refused; nothing is sent',
    async () => {
      const { harness, api } = await start({ args: ['--confirm-ttl', '2'], redeemTimeoutMs: 30_000 });
      const items = [{ id: await api.machine('one') }, { id: await api.machine('two') }];
      const token = confirmTokenIn(
        await harness.call('batch_run', { tool: 'machines_delete', items }),
      ) as string;
      const { nonce, exp } = payloadOf(token);
      harness.clearLog();
      const { pending } = await stalledRedeem(nonce, () =>
        harness.call('batch_run', { tool: 'machines_delete', items, confirm: token }),
      );
      await past(exp);
      redis?.resume();
      expect(textOf(await pending)).toMatch(/^The confirmation token was refused \(expired\)/);
      expect(deletes(harness)).toEqual([]);
    },
  );
});
