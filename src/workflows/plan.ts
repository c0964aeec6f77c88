import { type CallToolResult, type InputRequiredResult, inputRequired } from '@modelcontextprotocol/server';
import { describeTarget, fingerprintOf } from '../confirm/describe.js';
import {
  canElicit,
  DEFAULT_RULE,
  defaultFetch,
  describeArgs,
  REQUESTED_SCHEMA,
  redeemTimedOut,
} from '../confirm/gate.js';
import { confirmationResult } from '../confirm/request.js';
import { type Entity, isConditional, ruleFor } from '../confirm/rules.js';
import { redeemWithin } from '../confirm/store.js';
import { capMessage, MAX_PREVIEW_CHARS } from '../confirm/text.js';
import { canonicalJson, type Verified } from '../confirm/token.js';
import type { Operation } from '../tools/define.js';
import { errorOf, type ToolContext } from './context.js';

/**
 * One confirmation for a whole batch of a gated tool. The preview lists every target as the API
 * reports it; the token (or the elicitation round's state) is bound to the plan: the tool, every
 * item's canonical arguments, every target's fingerprint and the caller. Its tool claim is
 * `batch_run:<tool>`, so a plan's token is refused by the single tool and a single call's token
 * is refused by batch_run. Executing it, each item's target is fetched again right before its call
 * and compared with the fingerprint confirmed for that item.
 */
export type Plan =
  | {
      ok: true;
      fingerprints: string[] | undefined;
      /** Ran without a confirmation because every item was harmless: each is decided again before its call. */
      harmless?: true;
    }
  | { ok: false; result: CallToolResult | InputRequiredResult };

/** The short fingerprint of one target recorded in a plan (keyed: see fingerprintOf). */
const short = (target: Entity | null | undefined, tc: ToolContext) =>
  fingerprintOf(target, (text) => tc.deps.signer.digest(text)).slice(0, 12);

export async function fetchTarget(op: Operation, args: Record<string, unknown>, tc: ToolContext) {
  const rule = ruleFor(op.name) ?? DEFAULT_RULE;
  return (rule.fetch ?? defaultFetch(op, tc.deps.readRoutes))(args, tc.get);
}

/**
 * Whether an item of an unconfirmed batch is still harmless right before its call, decided as the
 * gate decides it: earlier items, or anyone else, may have changed its target since the plan.
 */
export async function stillHarmless(op: Operation, args: Record<string, unknown>, tc: ToolContext) {
  const rule = ruleFor(op.name) ?? DEFAULT_RULE;
  if (rule.risky && !rule.risky(args)) return true;
  const target = await fetchTarget(op, args, tc);
  return target !== undefined && rule.when !== undefined && !rule.when(args, target);
}

/** Fingerprint of an item's target right now (what is compared before its call). */
export const currentFingerprint = async (op: Operation, args: Record<string, unknown>, tc: ToolContext) => {
  return short(await fetchTarget(op, args, tc), tc);
};

export async function confirmPlan(
  op: Operation,
  items: Record<string, unknown>[],
  plan: Record<string, unknown>,
  token: unknown,
  tc: ToolContext,
): Promise<Plan> {
  const { deps, ctx } = tc;
  if (!op.gated || deps.confirm === 'off') return { ok: true, fingerprints: undefined };
  const rule = ruleFor(op.name) ?? DEFAULT_RULE;
  // As in the gate: harmless only when decided so; a target that cannot be found leaves a
  // conditional rule undecided, and an undecided item asks (fail closed).
  const risky = items.map((args) => !rule.risky || rule.risky(args));
  if (!risky.includes(true)) return { ok: true, fingerprints: undefined, harmless: true };
  const targets = await Promise.all(items.map((args) => fetchTarget(op, args, tc)));
  const harmless = (args: Record<string, unknown>, i: number) =>
    !risky[i] ||
    (targets[i] !== undefined && rule.when !== undefined && !rule.when(args, targets[i] ?? null));
  if (items.every(harmless)) return { ok: true, fingerprints: undefined, harmless: true };
  const missing = isConditional(rule) ? [] : targets.flatMap((t, i) => (t === undefined ? [i + 1] : []));
  if (missing.length > 0) {
    return refuse(
      `batch_run: the target of item(s) ${missing.join(', ')} was not found, so nothing was sent. Remove them or check the ids.`,
    );
  }
  const fingerprints = targets.map((t) => short(t, tc));
  const claims = {
    tool: `batch_run:${op.name}`,
    args: deps.signer.digest(`plan\0${canonicalJson(plan)}`),
    caller: deps.callerOf?.(ctx) ?? '',
  };
  const fingerprint = fingerprints.join(',');
  const preview = () => previewOf(op, items, targets);

  if (canElicit(ctx, tc.server)) {
    const answer = ctx.mcpReq.inputResponses?.confirm as
      | { action?: string; content?: { confirm?: unknown } }
      | undefined;
    if (!answer) {
      return {
        ok: false,
        result: inputRequired({
          inputRequests: {
            confirm: inputRequired.elicit({
              message: `${preview()}\n\nProceed?`,
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
    if (!verified?.ok) return refuse('batch_run: the confirmation round was not valid. Nothing was changed.');
    if (answer.action !== 'accept' || answer.content?.confirm !== true) {
      return refuse(
        'The user did not confirm the batch: nothing was changed. Do not retry unless the user asks for it again.',
      );
    }
    return redeemed(verified, tc, {
      used: 'batch_run: this confirmation was already used. Nothing was changed.',
      expired: 'batch_run: the confirmation round expired before it could be redeemed. Nothing was changed.',
    });
  }

  if (deps.confirm === 'strict') {
    return refuse(
      `batch_run of ${op.name} needs the user's confirmation, and this client cannot ask for it, so this server (--confirm strict) refuses. Nothing was changed.`,
    );
  }
  if (typeof token === 'string' && token !== '') {
    const verified = deps.signer.verify(token, { ...claims, purpose: 'token' });
    if (!verified.ok) {
      return refuse(
        `The confirmation token was refused (${verified.reason}): it must come from a batch_run preview of exactly this tool, items and onError, unused and unexpired. Nothing was changed. Call batch_run without "confirm" for a fresh preview.`,
      );
    }
    const again = 'Nothing was changed. Call batch_run without "confirm" for a fresh preview.';
    return redeemed(verified, tc, {
      used: `The confirmation token was refused (replayed): it has already been used. ${again}`,
      expired: `The confirmation token was refused (expired): it expired before it could be redeemed. ${again}`,
    });
  }
  const minted = deps.signer.sign({ ...claims, fingerprint, purpose: 'token' });
  const minutes = Math.round(deps.confirmTtlMs / 60_000);
  const text =
    `Confirmation required: nothing was changed yet.\n${preview()}\n\n` +
    `Show this to the user. Only if they agree, call batch_run again with exactly the same tool, items and onError plus ` +
    `"confirm": "${minted}" (valid ${minutes} min, once, for this whole batch only).`;
  return {
    ok: false,
    result: confirmationResult(text, {
      tool: 'batch_run',
      target: `${items.length} call(s) of ${op.name}`,
      consequences: [rule.why, ...itemLines(items, targets)],
      undo: rule.undo,
      token: minted,
      expiresAt: new Date(deps.signer.expiryOf(minted)).toISOString(),
    }),
  };
}

/**
 * A verified plan confirmation, held to its terms as the gate holds a single one: redeemed once
 * within the timeout, unexpired once redeemed. Each item's target is read again right before its
 * call (batch.ts), after this.
 */
async function redeemed(
  verified: Verified,
  tc: ToolContext,
  refusals: { used: string; expired: string },
): Promise<Plan> {
  const { deps } = tc;
  const outcome = await redeemWithin(deps.redeemed, verified.nonce, verified.exp, deps.redeemTimeoutMs);
  if (outcome === 'timeout') return refuse(redeemTimedOut('batch_run', deps.redeemTimeoutMs));
  if (outcome === 'used') return refuse(refusals.used);
  if (deps.signer.expired(verified.exp)) return refuse(refusals.expired);
  return { ok: true, fingerprints: verified.fingerprint.split(',') };
}

/** One line per item: its target as the API reports it now, or its arguments when not found. */
function itemLines(items: Record<string, unknown>[], targets: (Entity | null | undefined)[]): string[] {
  return items.map((args, i) => {
    const target = targets[i];
    const named = target ? describeTarget(target) : describeArgs(args);
    return `${i + 1}. ${named}${target === undefined ? ' (not verified: not found)' : ''}`;
  });
}

function previewOf(
  op: Operation,
  items: Record<string, unknown>[],
  targets: (Entity | null | undefined)[],
): string {
  const rule = ruleFor(op.name) ?? DEFAULT_RULE;
  const lines = [`${op.title} (${op.name}), ${items.length} call(s), in this order:`];
  lines.push(...itemLines(items, targets));
  lines.push(`Undo: ${rule.undo}`);
  lines.push('Each target is checked again right before its call; one that changed is skipped.');
  // Every item's line is shown: the cap grows with the batch (at most 50 items).
  return capMessage(lines.join('\n'), MAX_PREVIEW_CHARS + 250 * items.length);
}

const refuse = (text: string): Plan => ({ ok: false, result: errorOf(text) });
