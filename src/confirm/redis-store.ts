import { createClient } from '@redis/client';
import type { RedeemedStore } from './redeemed.js';

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
    let connected = false;
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 5_000,
        // The first connection fails at once; a lost one is retried with backoff.
        reconnectStrategy: (retries: number, cause: Error) =>
          connected ? Math.min(100 * 2 ** retries, 5_000) : cause,
      },
    });
    let lastError = '';
    // Without a listener an 'error' event would end the process; the reconnect strategy handles it.
    client.on('error', (error: Error) => {
      lastError = error.message;
    });
    try {
      await client.connect();
      connected = true;
    } catch (error) {
      await client.destroy();
      // The URL may carry a password: name the failure, never the URL.
      throw new Error(
        `cannot connect to the Redis of PAPERSPACE_MCP_REDIS_URL: ${(error as Error).message || lastError}`,
      );
    }
    return new RedisRedeemedStore(client as unknown as Client, now);
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
