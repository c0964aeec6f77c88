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
