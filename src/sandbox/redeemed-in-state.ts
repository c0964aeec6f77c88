import type { RedeemedStore } from '../client/redeemed-store.js';
import { redeemInSandboxState } from './state-file.js';

/**
 * Redeemed confirmation tokens kept in the --sandbox-state file, so a token is single-use across
 * the processes that share it (one per call with the MCP Inspector CLI), as Redis makes it across
 * replicas.
 */
export class StateFileRedeemedStore implements RedeemedStore {
  readonly shared = true;

  constructor(private readonly file: string) {}

  async redeem(nonce: string, expiresAt: number): Promise<boolean> {
    return redeemInSandboxState(this.file, nonce, expiresAt);
  }

  async close(): Promise<void> {}
}
