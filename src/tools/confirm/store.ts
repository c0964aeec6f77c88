/**
 * Where redeemed confirmation tokens are remembered, so that a token works exactly once. Tokens
 * are stateless (any replica with the secret verifies them); single use is the store's job:
 * - memory: one process (stdio, or one HTTP replica). A restart forgets, a second replica
 *   does not know: main() warns when a fixed secret makes that matter.
 * - Redis (PAPERSPACE_MCP_REDIS_URL): every replica shares one `SET key NX PX ttl`.
 */
export interface RedeemedStore {
  /**
   * Marks a token's nonce as used until `expiresAt` (epoch ms). Resolves true for the one call
   * that redeemed it first, false for every other, atomically; rejects when the store cannot
   * answer (the gate then sends nothing).
   */
  redeem(nonce: string, expiresAt: number): Promise<boolean>;
  /** True when every replica sees the same redeemed tokens. */
  readonly shared: boolean;
  close(): Promise<void>;
}

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

/**
 * The store the configuration asks for. The Redis client is imported only here, and only when a
 * URL is set, so a stdio start-up never loads it.
 */
export async function openRedeemedStore(redisUrl: string | undefined): Promise<RedeemedStore> {
  if (!redisUrl) return new MemoryRedeemedStore();
  const { RedisRedeemedStore } = await import('./redis-store.js');
  return RedisRedeemedStore.connect(redisUrl);
}
