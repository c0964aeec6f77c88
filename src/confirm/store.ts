import type { RedeemedStore } from '../client/redeemed-store.js';

export type { RedeemedStore };

/** The in-process store: a map of nonce → expiry, swept on every redeem. */
export class MemoryRedeemedStore implements RedeemedStore {
  readonly shared = false;
  private readonly redeemed = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async redeem(nonce: string, expiresAt: number): Promise<boolean> {
    const now = this.now();
    for (const [n, e] of this.redeemed) if (e <= now) this.redeemed.delete(n);
    if (this.redeemed.has(nonce)) return false;
    this.redeemed.set(nonce, expiresAt);
    return true;
  }

  async close(): Promise<void> {}
}

/** How long redeeming a token may take before the call is refused (nothing sent); a slow store cannot stretch a token's life. */
export const REDEEM_TIMEOUT_MS = 3_000;

/**
 * Redeems within `timeoutMs`: 'redeemed' for the one call that redeemed it first, 'used' for every
 * other, 'timeout' when the store did not answer in time (the nonce may still be marked used later:
 * the caller then gets a fresh token, never a second run). Rejects when the store fails.
 */
export async function redeemWithin(
  store: RedeemedStore,
  nonce: string,
  expiresAt: number,
  timeoutMs: number,
): Promise<'redeemed' | 'used' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const redeemed = store
    .redeem(nonce, expiresAt)
    .then((first): 'redeemed' | 'used' => (first ? 'redeemed' : 'used'));
  // A store that answers (or fails) after the timeout has nobody waiting: its rejection is dropped.
  redeemed.catch(() => {});
  try {
    return await Promise.race([redeemed, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The store the configuration asks for. The Redis client is imported only here, and only when a
 * URL is set, so a stdio start-up never loads it.
 */
export async function openRedeemedStore(redisUrl: string | undefined): Promise<RedeemedStore> {
  if (!redisUrl) return new MemoryRedeemedStore();
  const { RedisRedeemedStore } = await import('./redis-store.js');
  return RedisRedeemedStore.connect(redisUrl);
}
