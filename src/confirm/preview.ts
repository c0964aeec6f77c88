import { inline } from '../untrusted.js';
import { describeTarget } from './describe.js';
import type { Args, ConfirmRule, Entity, GatedRow, Get, LocalPlan } from './rules.js';
import { capMessage, MAX_PREVIEW_CHARS } from './text.js';

/**
 * The preview of one call: every line starts with words this server wrote (title, Target/With,
 * facts, Undo); API text inside them is escaped onto its line (text.ts), and the whole is
 * length-capped. The parts are returned too, for the structured confirmation request.
 */
export async function callPreview(
  op: GatedRow,
  args: Args,
  target: Entity | null | undefined,
  rule: ConfirmRule,
  get: Get,
  facts: readonly string[],
  plan: LocalPlan | undefined,
) {
  const named = target ? describeTarget(target) : null;
  const consequences = [rule.why];
  if (target === undefined)
    consequences.push(
      'Not verified: the target was not found (or not found exactly once), so what this call changes could not be checked.',
    );
  if (target && rule.facts) consequences.push(...(await rule.facts(args, target, get, plan)));
  consequences.push(...facts);
  const lines = [`${op.title} (${op.name})`, named ? `Target: ${named}` : `With: ${describeArgs(args)}`];
  lines.push(...consequences.slice(1), `Undo: ${rule.undo}`);
  return {
    text: capMessage(lines.join('\n')),
    tool: op.name,
    target: named,
    consequences: consequences.map((c) => capMessage(c)),
    undo: rule.undo,
  };
}

/** The preview of a batch plan: every item's target as the API reports it, in order. */
export function planPreview(
  op: GatedRow,
  items: readonly Args[],
  targets: readonly (Entity | null | undefined)[],
  rule: ConfirmRule,
) {
  const lines = [`${op.title} (${op.name}), ${items.length} call(s), in this order:`];
  lines.push(...itemLines(items, targets));
  lines.push(`Undo: ${rule.undo}`);
  lines.push('Each target is checked again right before its call; one that changed is skipped.');
  return {
    // Every item's line is shown: the cap grows with the batch (at most 50 items).
    text: capMessage(lines.join('\n'), MAX_PREVIEW_CHARS + 250 * items.length),
    tool: 'batch_run',
    target: `${items.length} call(s) of ${op.name}`,
    consequences: [rule.why, ...itemLines(items, targets)],
    undo: rule.undo,
  };
}

/** One line per item: its target as the API reports it now, or its arguments when not found. */
function itemLines(items: readonly Args[], targets: readonly (Entity | null | undefined)[]): string[] {
  return items.map((args, i) => {
    const target = targets[i];
    const named = target ? describeTarget(target) : describeArgs(args);
    return `${i + 1}. ${named}${target === undefined ? ' (not verified: not found)' : ''}`;
  });
}

/**
 * The call's own arguments, as one escaped line (they may hold text the API gave the agent). A
 * local plan is not among them (it holds the server's absolute paths).
 */
export function describeArgs(args: Args): string {
  const { confirm: _c, ...rest } = args;
  return inline(JSON.stringify(rest), 400);
}
