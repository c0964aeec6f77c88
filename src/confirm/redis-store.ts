import type { RedeemedStore } from '../client/redeemed-store.js';
import { connectRedis } from '../client/redis.js';

/** Keys live under one prefix, so a shared Redis can be inspected and cleaned by pattern. */
export const REDEEMED_KEY_PREFIX = 'paperspace-mcp:redeemed:';

/** The part of the client this store uses. */
interface Client {
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  close(): Promise<void>;
  readonly isOpen: boolean;
}

/**
 * Redeemed tokens in Redis: `SET prefix+nonce 1 NX PX <ms until expiry>`. NX makes the first
 * redeemer win atomically across replicas; PX lets the key expire with the token. Commands are
 * not queued while disconnected: a store that cannot answer fails the call (nothing is sent)
 * instead of holding it.
 */
export class RedisRedeemedStore implements RedeemedStore {
  readonly shared = true;

  private constructor(
    private readonly client: Client,
    private readonly now: () => number,
  ) {}

  /** Connects before the server starts serving, so a wrong URL fails at start-up. */
  static async connect(url: string, now: () => number = Date.now): Promise<RedisRedeemedStore> {
    const client = await connectRedis(url);
    return new RedisRedeemedStore(client, now);
  }

  async redeem(nonce: string, expiresAt: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(expiresAt - this.now()));
    const reply = await this.client.set(`${REDEEMED_KEY_PREFIX}${nonce}`, '1', {
      condition: 'NX',
      expiration: { type: 'PX', value: ttl },
    });
    return reply === 'OK';
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
