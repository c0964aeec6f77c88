import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type InputRequiredResult,
  inputRequired,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { fillPath } from '../../client/paths.js';
import { inline } from '../../untrusted.js';
import { PLAN } from '../dataset-version-source.js';
import type { Operation } from '../define.js';
import { splitRoute } from '../define.js';
import { describeTarget, fingerprintOf } from './describe.js';
import { confirmationResult } from './request.js';
import { type Args, type ConfirmRule, type Entity, type Get, isConditional, ruleFor } from './rules.js';
import { type RedeemedStore, redeemWithin } from './store.js';
import { capMessage } from './text.js';
import type { TokenSigner, Verified, VerifyFailure } from './token.js';

export type ConfirmMode = 'auto' | 'strict' | 'off';

export interface GateDeps {
  mode: ConfirmMode;
  signer: TokenSigner;
  /** Where redeemed tokens are remembered: a confirmation works once, on every replica. */
  redeemed: RedeemedStore;
  /** Longest a redeem may take: after it the call is refused and nothing is sent. */
  redeemTimeoutMs: number;
  ttlMs: number;
  /** GET against the API with the caller's key; resolves undefined on 404. */
  get: Get;
  /** Who is calling ('' on stdio); tokens are bound to it. */
  caller: string;
  server: McpServer;
  /** Every GET route template of the API, to derive a target route. */
  readRoutes: ReadonlySet<string>;
  /** Lines this server wrote about the call for the preview, after the rule's facts (a cost). */
  facts?: readonly string[];
}

/**
 * Either the call may go ahead, or the gate answers in its place (preview, question or refusal).
 * A confirmed call goes ahead with `recheck`: run it right before the request is sent; a result
 * means the target changed since the preview and the call must not be sent.
 */
export type GateOutcome =
  | { proceed: true; recheck?: () => Promise<CallToolResult | undefined> }
  | { proceed: false; result: CallToolResult | InputRequiredResult };

export const DEFAULT_RULE: ConfirmRule = {
  why: 'Changes or removes existing state.',
  undo: 'Cannot be undone.',
};
export const REQUESTED_SCHEMA = {
  type: 'object' as const,
  properties: {
    confirm: { type: 'boolean' as const, title: 'Yes, do it', description: 'Run this change now' },
  },
  required: ['confirm'],
};

/**
 * The confirmation gate. Runs before any mutating request of a gated tool: fetches the target,
 * applies the tool's conditional rule, then asks the user (elicitation) or hands out a single-use
 * token. On the confirming call it redeems the confirmation in the store (within a timeout),
 * refuses it if it expired meanwhile, and hands back a re-check that reads the target again right
 * before the call is sent and refuses if it changed since the preview.
 *
 * Fails closed: a fetch the API cannot answer rejects (the registrar reports it, nothing is sent);
 * a target that cannot be found leaves a conditional rule undecided, and an undecided rule asks.
 */
export async function gate(
  op: Operation,
  args: Args,
  ctx: ServerContext,
  deps: GateDeps,
): Promise<GateOutcome> {
  if (deps.mode === 'off') return { proceed: true };
  const rule = ruleFor(op.name) ?? DEFAULT_RULE;
  if (rule.risky && !rule.risky(args)) return { proceed: true };
  const target = await (rule.fetch ?? defaultFetch(op, deps.readRoutes))(args, deps.get);
  if (target !== undefined && rule.when && !rule.when(args, target)) return { proceed: true };
  if (target === undefined && !isConditional(rule)) {
    return refuse(
      `${op.name}: the target was not found, so nothing was sent. Check the id with the matching list tool.`,
    );
  }
  const fingerprint = fingerprintOf(target, (text) => deps.signer.digest(text));
  const claims = { tool: op.name, args: deps.signer.argsDigest(args), caller: deps.caller };

  if (canElicit(ctx, deps.server)) {
    const answer = ctx.mcpReq.inputResponses?.confirm as
      | { action?: string; content?: { confirm?: unknown } }
      | undefined;
    if (!answer) {
      const { text: preview } = await buildPreview(op, args, target, rule, deps);
      return {
        proceed: false,
        result: inputRequired({
          inputRequests: {
            confirm: inputRequired.elicit({
              message: `${preview}\n\nProceed?`,
              requestedSchema: REQUESTED_SCHEMA,
            }),
          },
          requestState: deps.signer.sign({ ...claims, fingerprint, purpose: 'elicit' }),
        }),
      };
    }
    const state = ctx.mcpReq.requestState?.();
    const verified =
      typeof state === 'string' ? deps.signer.verify(state, { ...claims, purpose: 'elicit' }) : undefined;
    if (!verified?.ok)
      return refuse(`${op.name}: the confirmation round was not valid. Nothing was changed.`);
    if (answer.action !== 'accept' || answer.content?.confirm !== true) {
      return refuse(
        `The user did not confirm ${op.name}: nothing was changed. Do not retry this call unless the user asks for it again.`,
      );
    }
    return redeemed(op, args, rule, verified, deps, {
      used: `${op.name}: this confirmation was already used. Nothing was changed.`,
      expired: `${op.name}: the confirmation round expired before it could be redeemed. Nothing was changed.`,
    });
  }

  if (deps.mode === 'strict') {
    return refuse(
      `${op.name} needs the user's confirmation, and this client cannot ask for it (no elicitation support), so this server (--confirm strict) refuses. Nothing was changed.`,
    );
  }

  const token = args.confirm;
  if (typeof token === 'string' && token !== '') {
    const verified = deps.signer.verify(token, { ...claims, purpose: 'token' });
    if (!verified.ok) return refuse(tokenRefusal(op, verified.reason));
    return redeemed(op, args, rule, verified, deps, {
      used: tokenRefusal(op, 'replayed'),
      expired: tokenRefusal(op, 'expired'),
    });
  }

  const preview = await buildPreview(op, args, target, rule, deps);
  const minted = deps.signer.sign({ ...claims, fingerprint, purpose: 'token' });
  const minutes = Math.round(deps.ttlMs / 60_000);
  const text =
    `Confirmation required: nothing was changed yet.\n${preview.text}\n\n` +
    `Show this to the user. Only if they agree, call ${op.name} again with exactly the same arguments plus ` +
    `"confirm": "${minted}" (valid ${minutes} min, once).`;
  return {
    proceed: false,
    result: confirmationResult(text, {
      tool: op.name,
      target: preview.target,
      consequences: preview.consequences,
      undo: rule.undo,
      token: minted,
      expiresAt: new Date(deps.signer.expiryOf(minted)).toISOString(),
    }),
  };
}

/**
 * The terms a verified confirmation is held to: redeemed once, within the timeout (a stalled store
 * refuses, nothing sent); unexpired once redeemed (a slow redeem cannot stretch its life); and its
 * target, read again right before the call is sent (after the redeem), as the preview showed it.
 * Redeemed first: a used confirmation is reported as used, whatever its target became.
 */
async function redeemed(
  op: Operation,
  args: Args,
  rule: ConfirmRule,
  verified: Verified,
  deps: GateDeps,
  refusals: { used: string; expired: string },
): Promise<GateOutcome> {
  const outcome = await redeemWithin(deps.redeemed, verified.nonce, verified.exp, deps.redeemTimeoutMs);
  if (outcome === 'timeout') return refuse(redeemTimedOut(op.name, deps.redeemTimeoutMs));
  if (outcome === 'used') return refuse(refusals.used);
  if (deps.signer.expired(verified.exp)) return refuse(refusals.expired);
  const fetch = rule.fetch ?? defaultFetch(op, deps.readRoutes);
  return {
    proceed: true,
    recheck: async () => {
      const now = fingerprintOf(await fetch(args, deps.get), (text) => deps.signer.digest(text));
      return now === verified.fingerprint ? undefined : refuseChanged(op).result;
    },
  };
}

/** The refusal when the store of used confirmations did not answer in time. */
export const redeemTimedOut = (tool: string, ms: number) =>
  `${tool}: the confirmation could not be redeemed within ${ms} ms (the store of used confirmations did not answer), so nothing was sent. Call ${tool} again without "confirm" for a fresh preview.`;

export function canElicit(ctx: ServerContext, server: McpServer): boolean {
  const envelope = (ctx.mcpReq as { envelope?: Record<string, unknown> }).envelope;
  const caps = (envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? server.server.getClientCapabilities()) as
    | { elicitation?: { form?: unknown; url?: unknown } }
    | undefined;
  const elicitation = caps?.elicitation;
  // An empty elicitation capability means form support (2025-06-18 and later).
  return !!elicitation && (elicitation.form !== undefined || elicitation.url === undefined);
}

/**
 * The preview: every line starts with words this server wrote (title, Target/With, facts, Undo);
 * API text inside them is escaped onto its line (text.ts), and the whole is length-capped. The
 * parts are returned too, for the structured confirmation request.
 */
async function buildPreview(
  op: Operation,
  args: Args,
  target: Entity | null | undefined,
  rule: ConfirmRule,
  deps: Pick<GateDeps, 'get' | 'facts'>,
): Promise<{ text: string; target: string | null; consequences: string[] }> {
  const named = target ? describeTarget(target) : null;
  const consequences = [rule.why];
  if (target === undefined)
    consequences.push(
      'Not verified: the target was not found (or not found exactly once), so what this call changes could not be checked.',
    );
  if (target && rule.facts) consequences.push(...(await rule.facts(args, target, deps.get)));
  consequences.push(...(deps.facts ?? []));
  const lines = [`${op.title} (${op.name})`, named ? `Target: ${named}` : `With: ${describeArgs(args)}`];
  lines.push(...consequences.slice(1), `Undo: ${rule.undo}`);
  return {
    text: capMessage(lines.join('\n')),
    target: named,
    consequences: consequences.map((c) => capMessage(c)),
  };
}

/**
 * The call's own arguments, as one escaped line (they may hold text the API gave the agent). A
 * local plan is left out: it holds the server's absolute paths.
 */
export function describeArgs(args: Args): string {
  const { confirm: _c, [PLAN]: _plan, ...rest } = args;
  return inline(JSON.stringify(rest), 400);
}

/** A GET route for the target: the call's own path, then its parents, skipping lists. */
export function defaultFetch(op: Operation, readRoutes: ReadonlySet<string>) {
  const segments = splitRoute(op.route).path.split('/');
  let template: string | undefined;
  for (let n = segments.length; n > 1 && !template; n--) {
    const candidate = segments.slice(0, n).join('/');
    if (readRoutes.has(candidate)) template = candidate;
  }
  return async (args: Args, get: Get): Promise<Entity | null | undefined> => {
    if (!template) return null;
    return (await get(fillPath(template, args))) as Entity | undefined;
  };
}

function tokenRefusal(op: Operation, reason: VerifyFailure): string {
  const why: Record<VerifyFailure, string> = {
    malformed: 'it is not a confirmation token',
    signature: 'its signature is not valid',
    expired: 'it has expired',
    tool: `it was issued for another tool, not ${op.name}`,
    args: 'it was issued for different arguments',
    caller: 'it was issued to another caller',
    purpose: 'it was not issued for this use',
    replayed: 'it has already been used',
  };
  return `The confirmation token was refused: ${why[reason]}. Nothing was changed. Call ${op.name} without "confirm" to get a fresh preview and token, and show it to the user.`;
}

function refuseChanged(op: Operation): { proceed: false; result: CallToolResult } {
  return refuse(
    `The target of ${op.name} changed (or disappeared) since the preview, so the confirmation no longer applies. Nothing was changed. Call again without "confirm" for a fresh preview.`,
  );
}

function refuse(text: string): { proceed: false; result: CallToolResult } {
  return { proceed: false, result: { isError: true, content: [{ type: 'text', text }] } };
}
