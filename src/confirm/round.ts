import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type InputRequiredResult,
  inputRequired,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { entityOf } from '../client/entity.js';
import type { RedeemedStore } from '../client/redeemed-store.js';
import { type ConfirmationRequest, confirmationResult } from './request.js';
import { redeemWithin } from './store.js';
import type { TokenSigner, Verified, VerifyFailure } from './token.js';

/** What a confirmation round needs from the server: the signer, the store, the client. */
export interface RoundDeps {
  mode: 'auto' | 'strict' | 'off';
  signer: TokenSigner;
  /** Where redeemed tokens are remembered: a confirmation works once, on every replica. */
  redeemed: RedeemedStore;
  /** Longest a redeem may take: after it the call is refused and nothing is sent. */
  redeemTimeoutMs: number;
  ttlMs: number;
  server: McpServer;
}

/** What is confirmed: the signed claims, the targets' fingerprint, the preview and its wording. */
export interface Round {
  claims: { tool: string; args: string; caller: string };
  fingerprint: string;
  /** Built only when the user is asked: the text, and the parts for the structured request. */
  preview: () => Promise<{ text: string } & Omit<ConfirmationRequest, 'token' | 'expiresAt'>>;
  words: Wording;
}

/** The sentences that differ between a single call's confirmation and a batch plan's. */
export interface Wording {
  /** The tool named at the start of refusals ("<name>: the confirmation round was not valid"). */
  name: string;
  /** What the confirming call repeats ("arguments"), and what the token covers (", for …"). */
  same: string;
  scope: string;
  declined: string;
  strict: string;
  tokenInvalid: (reason: VerifyFailure) => string;
  tokenUsed: string;
  tokenExpired: string;
}

/**
 * How a round ended. Not ok: `previewed` (a preview or question went out, with the id of its token
 * or signed round state) or `refused`; `token` is an id (the nonce), never the token.
 */
export type RoundOutcome =
  | { ok: true; verified: Verified }
  | {
      ok: false;
      result: CallToolResult | InputRequiredResult;
      decided: { decision: 'previewed' | 'refused'; token?: string };
    };

export const REQUESTED_SCHEMA = {
  type: 'object' as const,
  properties: {
    confirm: { type: 'boolean' as const, title: 'Yes, do it', description: 'Run this change now' },
  },
  required: ['confirm'],
};

/**
 * The only code that asks the user or mints a token. With elicitation it asks (SDK
 * `inputRequired`, turned into elicitation/create for 2025 clients) and verifies the answer's
 * signed round state; without, `--confirm strict` refuses, a given token is verified, and
 * otherwise a single-use token is minted into a confirmation request. A verified confirmation is
 * redeemed once, within the timeout (a stalled store refuses, nothing sent), and must still be
 * unexpired once redeemed (a slow redeem cannot stretch its life).
 */
export async function confirmRound(
  round: Round,
  token: unknown,
  ctx: ServerContext,
  deps: RoundDeps,
): Promise<RoundOutcome> {
  const { claims, fingerprint, words } = round;
  if (canElicit(ctx, deps.server)) {
    const response = ctx.mcpReq.inputResponses?.confirm;
    if (!response) {
      const { text } = await round.preview();
      const requestState = deps.signer.sign({ ...claims, fingerprint, purpose: 'elicit' });
      return {
        ok: false,
        decided: previewed(deps, requestState),
        result: inputRequired({
          inputRequests: {
            confirm: inputRequired.elicit({
              message: `${text}\n\nProceed?`,
              requestedSchema: REQUESTED_SCHEMA,
            }),
          },
          requestState,
        }),
      };
    }
    const state = ctx.mcpReq.requestState?.();
    const verified =
      typeof state === 'string' ? deps.signer.verify(state, { ...claims, purpose: 'elicit' }) : undefined;
    if (!verified?.ok)
      return refuse(`${words.name}: the confirmation round was not valid. Nothing was changed.`);
    const answer = entityOf(response);
    if (answer?.action !== 'accept' || entityOf(answer.content)?.confirm !== true)
      return refuse(words.declined, verified.nonce);
    return redeemed(verified, deps, words.name, {
      used: `${words.name}: this confirmation was already used. Nothing was changed.`,
      expired: `${words.name}: the confirmation round expired before it could be redeemed. Nothing was changed.`,
    });
  }

  if (deps.mode === 'strict') return refuse(words.strict);

  if (typeof token === 'string' && token !== '') {
    const verified = deps.signer.verify(token, { ...claims, purpose: 'token' });
    if (!verified.ok) return refuse(words.tokenInvalid(verified.reason), deps.signer.idOf(token));
    return redeemed(verified, deps, words.name, { used: words.tokenUsed, expired: words.tokenExpired });
  }

  const { text: preview, ...request } = await round.preview();
  const minted = deps.signer.sign({ ...claims, fingerprint, purpose: 'token' });
  const minutes = Math.round(deps.ttlMs / 60_000);
  const text =
    `Confirmation required: nothing was changed yet.\n${preview}\n\n` +
    `Show this to the user. Only if they agree, call ${words.name} again with exactly the same ${words.same} plus ` +
    `"confirm": "${minted}" (valid ${minutes} min, once${words.scope}).`;
  return {
    ok: false,
    decided: previewed(deps, minted),
    result: confirmationResult(text, {
      ...request,
      token: minted,
      expiresAt: new Date(deps.signer.expiryOf(minted)).toISOString(),
    }),
  };
}

async function redeemed(
  verified: Verified,
  deps: RoundDeps,
  name: string,
  refusals: { used: string; expired: string },
): Promise<RoundOutcome> {
  const outcome = await redeemWithin(deps.redeemed, verified.nonce, verified.exp, deps.redeemTimeoutMs);
  const id = verified.nonce;
  if (outcome === 'timeout') return refuse(redeemTimedOut(name, deps.redeemTimeoutMs), id);
  if (outcome === 'used') return refuse(refusals.used, id);
  if (deps.signer.expired(verified.exp)) return refuse(refusals.expired, id);
  return { ok: true, verified };
}

/** The refusal when the store of used confirmations did not answer in time. */
export const redeemTimedOut = (tool: string, ms: number) =>
  `${tool}: the confirmation could not be redeemed within ${ms} ms (the store of used confirmations did not answer), so nothing was sent. Call ${tool} again without "confirm" for a fresh preview.`;

export function canElicit(ctx: ServerContext, server: McpServer): boolean {
  const envelope = 'envelope' in ctx.mcpReq ? entityOf(ctx.mcpReq.envelope) : undefined;
  const caps = entityOf(envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? server.server.getClientCapabilities());
  const elicitation = caps?.elicitation;
  if (!elicitation) return false;
  // An empty elicitation capability means form support (2025-06-18 and later).
  const modes = entityOf(elicitation) ?? {};
  return modes.form !== undefined || modes.url === undefined;
}

/** A refusal: an error result, nothing sent. */
export const refusal = (text: string): CallToolResult => ({
  isError: true,
  content: [{ type: 'text', text }],
});

const refuse = (text: string, token?: string): RoundOutcome => ({
  ok: false,
  result: refusal(text),
  decided: { decision: 'refused', ...(token === undefined ? {} : { token }) },
});

const previewed = (deps: RoundDeps, token: string) => {
  const id = deps.signer.idOf(token);
  return { decision: 'previewed' as const, ...(id === undefined ? {} : { token: id }) };
};
