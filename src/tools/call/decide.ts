import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type { Decided } from '../../confirm/engine.js';
import type { LocalPlan } from '../../confirm/rules.js';
import { type Decision, decide } from '../../confirm/spend-cap.js';
import type { Held, Operation, ToolContext } from '../define.js';

/** A call that may be sent: its arguments (after the decision points), what the spend cap wraps the send in, the check right before it. */
export interface GoAhead {
  proceed: true;
  args: Record<string, unknown>;
  /** What the engine decided (allowed or confirmed, the rule, the confirmation's id), for the journal. */
  decided: Decided;
  spend: Extract<Decision, { proceed: true }>;
  recheck: (() => Promise<CallToolResult | undefined>) | undefined;
}

/**
 * The decision on one route call: the decision points that cost money (spend cap), then the one
 * confirmation engine (only its policy when `held`: a batch plan holds the confirmation). Either
 * the call goes ahead, or the answer in its place (preview, question or refusal).
 */
export async function decideRoute(
  op: Operation,
  args: Record<string, unknown>,
  tc: ToolContext,
  held: Held | undefined,
  plan: LocalPlan | undefined,
): Promise<GoAhead | { proceed: false; result: CallToolResult | InputRequiredResult; decided: Decided }> {
  const spend = await decide(op, args, tc);
  if (!spend.proceed) return { ...spend, decided: { decision: 'refused' } };
  const decided = await tc.engine.decideCall(op, spend.args, {
    ...(held ? { held: held.decided ?? { decision: 'allowed' } } : {}),
    facts: spend.preview,
    ...(plan ? { plan } : {}),
  });
  if (!decided.proceed) return decided;
  // Checks right before the request is sent: the engine's (the target is unchanged) or the caller's (a batch item's).
  return {
    proceed: true,
    args: spend.args,
    decided: decided.decided,
    spend,
    recheck: decided.recheck ?? held?.before,
  };
}
