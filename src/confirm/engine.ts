import type { CallToolResult, InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import type { AuditDecision } from '../audit/entry.js';
import { inline } from '../untrusted.js';
import { fingerprintOf } from './describe.js';
import { type Policy, type PolicyTarget, type PolicyVerdict, policyRefusal } from './policy.js';
import { callPreview, planPreview } from './preview.js';
import { confirmRound, type RoundDeps, refusal, type Wording } from './round.js';
import {
  type Args,
  type ConfirmRule,
  type Entity,
  type GatedRow,
  type Get,
  isConditional,
  type LocalPlan,
} from './rules.js';
import { defaultFetch } from './target.js';
import { canonicalJson, type VerifyFailure } from './token.js';

export type ConfirmMode = RoundDeps['mode'];

export interface EngineDeps extends RoundDeps {
  /** GET against the API with the caller's key; resolves undefined on 404. */
  get: Get;
  /** Who is calling ('' on stdio); tokens are bound to it. */
  caller: string;
  /** Every GET route template of the API, to derive a target route. */
  readRoutes: ReadonlySet<string>;
  /** The operator's rules, consulted first on every call (see policy.ts). */
  policy: Policy;
}

/**
 * What was decided, as the audit journal records it: the kind of decision, the index of the
 * policy rule that made it (when one did) and the id of the confirmation (never the token).
 */
export interface Decided {
  decision: AuditDecision;
  rule?: number;
  token?: string;
}

/**
 * Either the call may go ahead, or the engine answers in its place (preview, question or
 * refusal). A confirmed call goes ahead with `recheck`: run it right before the request is sent; a
 * result means the target changed since the preview and the call must not be sent.
 */
export type CallDecision =
  | { proceed: true; decided: Decided; recheck?: () => Promise<CallToolResult | undefined> }
  | { proceed: false; decided: Decided; result: CallToolResult | InputRequiredResult };

/**
 * A batch plan's decision: go ahead (with the fingerprints each item's target must still have, or
 * `harmless` when no item needed a confirmation: each is then decided again before its call), or
 * the engine's answer in its place.
 */
export type PlanDecision =
  | { ok: true; decided: Decided; fingerprints: string[] | undefined; harmless?: true }
  | { ok: false; decided: Decided; result: CallToolResult | InputRequiredResult };

const ALLOWED: Decided = { decision: 'allowed' };

export const DEFAULT_RULE: ConfirmRule = {
  why: 'Changes or removes existing state.',
  undo: 'Cannot be undone.',
};

/** The row's rule; a row without one (asked only by a policy) takes the default. */
export const ruleOf = (op: GatedRow): ConfirmRule =>
  op.confirm !== undefined && 'why' in op.confirm ? op.confirm : DEFAULT_RULE;

/**
 * The one confirmation decision, for one call's context: allow, ask or refuse, for single tools,
 * batch plans and batch items alike. The policy comes first (deny beats any token, ask forces a
 * confirmation even with --confirm off, allow waives it); then the tool's rule: the target is
 * fetched, a conditional rule decides whether the call is harmless, and otherwise the user
 * confirms (round.ts). Fails closed: a fetch the API cannot answer rejects (nothing is sent); a
 * target that cannot be found leaves a conditional rule undecided, and an undecided rule asks.
 */
export class ConfirmationEngine {
  constructor(
    private readonly deps: EngineDeps,
    private readonly ctx: ServerContext,
  ) {}

  /**
   * One call. `held`: the call runs under a confirmation given already (a batch plan's): only the
   * policy's denial applies. `facts`: lines this server wrote for the preview (a cost). `plan`:
   * what the row's `prepare` planned; the confirmation is bound to it as to the arguments.
   */
  async decideCall(
    op: GatedRow,
    args: Args,
    options: { held?: Decided; facts?: readonly string[]; plan?: LocalPlan } = {},
  ): Promise<CallDecision> {
    const { plan } = options;
    const { deps } = this;
    const verdict = await this.verdictOf(op, args, plan);
    if (verdict?.effect === 'deny') return denied(policyRefusal(op.name, verdict), verdict);
    if (options.held) return { proceed: true, decided: options.held };
    if (verdict?.effect === 'allow') return { proceed: true, decided: byRule(ALLOWED, verdict) };
    const asked = verdict?.effect === 'ask';
    if (!asked && (!op.gated || deps.mode === 'off')) return { proceed: true, decided: ALLOWED };
    const rule = ruleOf(op);
    if (!asked && rule.risky && !rule.risky(args)) return { proceed: true, decided: ALLOWED };
    const fetch = rule.fetch ?? defaultFetch(op, deps.readRoutes);
    const target = await fetch(args, deps.get, plan);
    if (!asked && target !== undefined && rule.when && !rule.when(args, target))
      return { proceed: true, decided: ALLOWED };
    if (target === undefined && !isConditional(rule)) {
      return refuse(
        `${op.name}: the target was not found, so nothing was sent. Check the id with the matching list tool.`,
      );
    }
    const outcome = await confirmRound(
      {
        claims: { tool: op.name, args: deps.signer.argsDigest(args, plan), caller: deps.caller },
        fingerprint: this.fingerprintOf(target),
        preview: () =>
          callPreview(
            op,
            args,
            target,
            rule,
            deps.get,
            [...(options.facts ?? []), ...askedBy(verdict)],
            plan,
          ),
        words: callWording(op.name),
      },
      args.confirm,
      this.ctx,
      deps,
    );
    if (!outcome.ok)
      return { proceed: false, result: outcome.result, decided: byRule(outcome.decided, verdict) };
    const confirmed = outcome.verified.fingerprint;
    return {
      proceed: true,
      decided: byRule({ decision: 'confirmed', token: outcome.verified.nonce }, verdict),
      recheck: async () => {
        if (this.fingerprintOf(await fetch(args, deps.get, plan)) === confirmed) return undefined;
        return refusal(
          `The target of ${op.name} changed (or disappeared) since the preview, so the confirmation no longer applies. Nothing was changed. Call again without "confirm" for a fresh preview.`,
        );
      },
    };
  }

  /**
   * One confirmation for a whole batch of a gated tool. The preview lists every target as the API
   * reports it; the token (or the elicitation round's state) is bound to the plan: the tool, every
   * item's canonical arguments, every target's fingerprint and the caller. Its tool claim is
   * `batch_run:<tool>`, so a plan's token is refused by the single tool and a single call's token
   * is refused by batch_run. Executing it, each item's target is fetched again right before its
   * call and compared with the fingerprint confirmed for that item. `plans`: each item's local
   * plan (its row's `prepare`), bound with the items.
   */
  async decidePlan(
    op: GatedRow,
    items: Args[],
    plans: readonly (LocalPlan | undefined)[],
    plan: Args,
    token: unknown,
  ): Promise<PlanDecision> {
    const { deps } = this;
    // The policy decides each item first: a denied item refuses the whole batch, an asked one makes it ask.
    const verdicts = await Promise.all(items.map((args, i) => this.verdictOf(op, args, plans[i])));
    const deniedAt = verdicts.findIndex((v) => v?.effect === 'deny');
    const denial = verdicts[deniedAt];
    if (denial) {
      return {
        ok: false,
        decided: byRule({ decision: 'denied' }, denial),
        result: refusal(`batch_run: item ${deniedAt + 1}: ${policyRefusal(op.name, denial)}`),
      };
    }
    const asked = verdicts.find((v) => v?.effect === 'ask');
    const allowedBy = verdicts.find((v) => v?.effect === 'allow');
    const allowed = byRule(ALLOWED, asked ? undefined : allowedBy);
    if (!asked && (!op.gated || deps.mode === 'off'))
      return { ok: true, decided: allowed, fingerprints: undefined };
    const rule = ruleOf(op);
    // As for one call: harmless only when decided so; an undecided item asks (fail closed).
    const risky = items.map(
      (args, i) =>
        verdicts[i]?.effect === 'ask' ||
        (verdicts[i]?.effect !== 'allow' &&
          op.gated === true &&
          deps.mode !== 'off' &&
          (!rule.risky || rule.risky(args))),
    );
    if (!risky.includes(true)) return { ok: true, decided: allowed, fingerprints: undefined, harmless: true };
    const targets = await Promise.all(items.map((args, i) => this.fetchTarget(op, args, plans[i])));
    const harmless = (args: Args, i: number) =>
      !risky[i] ||
      (verdicts[i]?.effect !== 'ask' &&
        targets[i] !== undefined &&
        rule.when !== undefined &&
        !rule.when(args, targets[i] ?? null));
    if (items.every(harmless)) return { ok: true, decided: allowed, fingerprints: undefined, harmless: true };
    const missing = isConditional(rule) ? [] : targets.flatMap((t, i) => (t === undefined ? [i + 1] : []));
    if (missing.length > 0) {
      return {
        ok: false,
        decided: { decision: 'refused' },
        result: refusal(
          `batch_run: the target of item(s) ${missing.join(', ')} was not found, so nothing was sent. Remove them or check the ids.`,
        ),
      };
    }
    const outcome = await confirmRound(
      {
        claims: {
          tool: `batch_run:${op.name}`,
          args: deps.signer.digest(`plan\0${canonicalJson(plan)}`),
          caller: deps.caller,
        },
        fingerprint: targets.map((t) => this.shortFingerprint(t)).join(','),
        preview: async () => planPreview(op, items, targets, rule),
        words: planWording(op.name),
      },
      token,
      this.ctx,
      deps,
    );
    if (!outcome.ok) return { ok: false, result: outcome.result, decided: byRule(outcome.decided, asked) };
    return {
      ok: true,
      decided: byRule({ decision: 'confirmed', token: outcome.verified.nonce }, asked),
      fingerprints: outcome.verified.fingerprint.split(','),
    };
  }

  /**
   * Whether an item of an unconfirmed batch is still harmless right before its call, decided as a
   * single call is: earlier items, or anyone else, may have changed its target since the plan.
   */
  async stillHarmless(op: GatedRow, args: Args, plan?: LocalPlan): Promise<boolean> {
    const verdict = await this.verdictOf(op, args, plan);
    if (verdict?.effect === 'allow') return true;
    if (verdict?.effect === 'ask' || verdict?.effect === 'deny') return false;
    if (!op.gated || this.deps.mode === 'off') return true;
    const rule = ruleOf(op);
    if (rule.risky && !rule.risky(args)) return true;
    const target = await this.fetchTarget(op, args, plan);
    return target !== undefined && rule.when !== undefined && !rule.when(args, target);
  }

  /** The short fingerprint of an item's target right now (what a plan recorded for it). */
  async planFingerprint(op: GatedRow, args: Args, plan?: LocalPlan): Promise<string> {
    return this.shortFingerprint(await this.fetchTarget(op, args, plan));
  }

  /** The policy's verdict on one call, with the target fetched when a rule naming the tool reads it. */
  private async verdictOf(op: GatedRow, args: Args, plan: LocalPlan | undefined) {
    const { policy } = this.deps;
    return policy.decide(
      op.name,
      args,
      policy.needsTarget(op.name) ? await this.policyTarget(op, args, plan) : undefined,
    );
  }

  /** The target a policy's `target` conditions read: `unavailable` when it cannot be fetched or does not exist. */
  private async policyTarget(op: GatedRow, args: Args, plan: LocalPlan | undefined): Promise<PolicyTarget> {
    try {
      return (await this.fetchTarget(op, args, plan)) ?? 'unavailable';
    } catch {
      return 'unavailable';
    }
  }

  private fetchTarget(op: GatedRow, args: Args, plan: LocalPlan | undefined) {
    return (ruleOf(op).fetch ?? defaultFetch(op, this.deps.readRoutes))(args, this.deps.get, plan);
  }

  /** Keyed with the signer's digest, so a secret value in the target cannot be guessed from a token. */
  private fingerprintOf(target: Entity | null | undefined): string {
    return fingerprintOf(target, (text) => this.deps.signer.digest(text));
  }

  private shortFingerprint(target: Entity | null | undefined): string {
    return this.fingerprintOf(target).slice(0, 12);
  }
}

function callWording(tool: string): Wording {
  const tokenInvalid = (reason: VerifyFailure) => tokenRefusal(tool, reason);
  return {
    name: tool,
    same: 'arguments',
    scope: '',
    declined: `The user did not confirm ${tool}: nothing was changed. Do not retry this call unless the user asks for it again.`,
    strict: `${tool} needs the user's confirmation, and this client cannot ask for it (no elicitation support), so this server (--confirm strict) refuses. Nothing was changed.`,
    tokenInvalid,
    tokenUsed: tokenInvalid('replayed'),
    tokenExpired: tokenInvalid('expired'),
  };
}

function planWording(tool: string): Wording {
  const again = 'Nothing was changed. Call batch_run without "confirm" for a fresh preview.';
  return {
    name: 'batch_run',
    same: 'tool, items and onError',
    scope: ', for this whole batch only',
    declined:
      'The user did not confirm the batch: nothing was changed. Do not retry unless the user asks for it again.',
    strict: `batch_run of ${tool} needs the user's confirmation, and this client cannot ask for it, so this server (--confirm strict) refuses. Nothing was changed.`,
    tokenInvalid: (reason) =>
      `The confirmation token was refused (${reason}): it must come from a batch_run preview of exactly this tool, items and onError, unused and unexpired. ${again}`,
    tokenUsed: `The confirmation token was refused (replayed): it has already been used. ${again}`,
    tokenExpired: `The confirmation token was refused (expired): it expired before it could be redeemed. ${again}`,
  };
}

function tokenRefusal(tool: string, reason: VerifyFailure): string {
  const why: Record<VerifyFailure, string> = {
    malformed: 'it is not a confirmation token',
    signature: 'its signature is not valid',
    expired: 'it has expired',
    tool: `it was issued for another tool, not ${tool}`,
    args: 'it was issued for different arguments',
    caller: 'it was issued to another caller',
    purpose: 'it was not issued for this use',
    replayed: 'it has already been used',
  };
  return `The confirmation token was refused: ${why[reason]}. Nothing was changed. Call ${tool} without "confirm" to get a fresh preview and token, and show it to the user.`;
}

const refuse = (text: string): CallDecision => ({
  proceed: false,
  result: refusal(text),
  decided: { decision: 'refused' },
});

const denied = (text: string, verdict: PolicyVerdict): CallDecision => ({
  proceed: false,
  result: refusal(text),
  decided: byRule({ decision: 'denied' }, verdict),
});

/** The preview's line saying which rule asks, when one does (its reason is the operator's text). */
function askedBy(verdict: PolicyVerdict | undefined): string[] {
  if (verdict?.effect !== 'ask') return [];
  const why = verdict.reason ? ` (${inline(verdict.reason, 200)})` : '';
  return [`Asked by policy rule rules[${verdict.rule ?? '?'}]${why}.`];
}

/** The decision with the index of the policy rule behind it, when one was. */
function byRule(decided: Decided, verdict: PolicyVerdict | undefined): Decided {
  return verdict?.rule === undefined ? decided : { ...decided, rule: verdict.rule };
}
