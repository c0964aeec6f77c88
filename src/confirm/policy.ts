import { inline } from '../untrusted.js';
import type { Args, Entity } from './rules.js';

/** What an operator's rule says about a call; `rule` is its index in the rules, `reason` its words. */
export interface PolicyVerdict {
  effect: 'allow' | 'ask' | 'deny';
  rule?: number;
  reason?: string;
}

/**
 * The operator's rules as one input to the confirmation decision: undefined when no rule matches
 * (the tool's own rule decides). Ordering, held by the engine: deny beats any token (a batch
 * plan's too), ask forces a confirmation even with --confirm off, allow waives it (the spend cap,
 * read-only mode and validation still apply). `target` is the call's target when it was fetched.
 */
export type Policy = (tool: string, args: Args, target?: Entity | null) => PolicyVerdict | undefined;

/** No rules: every call is decided by its tool's own confirmation rule. */
export const NO_POLICY: Policy = () => undefined;

/** The one line a denial answers with: which rule refused, and why. */
export function policyRefusal(tool: string, verdict: PolicyVerdict): string {
  const rule = verdict.rule === undefined ? 'a policy rule' : `policy rule rules[${verdict.rule}]`;
  const why = verdict.reason ? ` (${inline(verdict.reason, 200)})` : '';
  return `${tool} was refused by ${rule}${why}. Nothing was sent.`;
}
