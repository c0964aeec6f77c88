import { inline } from '../untrusted.js';
import type { Args, Entity } from './rules.js';

/** What an operator's rule says about a call; `rule` is its index in the rules, `reason` its words. */
export interface PolicyVerdict {
  effect: 'allow' | 'ask' | 'deny';
  rule?: number;
  reason?: string;
}

/** The call's target for `target` conditions, or `unavailable` when it could not be fetched. */
export type PolicyTarget = Entity | 'unavailable';

/**
 * The operator's rules as one input to the confirmation decision. Ordering, held by the engine:
 * deny beats any token (a batch plan's too), ask forces a confirmation even with --confirm off,
 * allow waives it (the spend cap, read-only mode and validation still apply).
 */
export interface Policy {
  /** The verdict of the first rule that matches; undefined when none does (the tool's own rule decides). */
  decide(tool: string, args: Args, target?: PolicyTarget): PolicyVerdict | undefined;
  /** Whether a rule naming the tool has conditions on its target: the engine then fetches it first. */
  needsTarget(tool: string): boolean;
  /** Whether tools/list leaves the tool out: a rule refuses it outright (a call is still denied). */
  hides?(tool: string): boolean;
  /**
   * Calls `listener` after the rules were swapped with the tools whose visibility changed;
   * returns what stops it (a closed session's instance).
   */
  onChange?(listener: (changedTools: readonly string[]) => void): () => void;
  /** The rules in force, their file and when they were read (for paperspace://policy). */
  inForce?(): { file: string; loadedAt: Date; rules: readonly unknown[] };
}

/** No rules: every call is decided by its tool's own confirmation rule. */
export const NO_POLICY: Policy = { decide: () => undefined, needsTarget: () => false };

/** The one line a denial answers with: which rule refused, and why. */
export function policyRefusal(tool: string, verdict: PolicyVerdict): string {
  const rule = verdict.rule === undefined ? 'a policy rule' : `policy rule rules[${verdict.rule}]`;
  const why = verdict.reason ? ` (${inline(verdict.reason, 200)})` : '';
  return `${tool} was refused by ${rule}${why}. Nothing was sent.`;
}
