import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { PlanDecision } from '../../confirm/engine.js';
import type { LocalPlan } from '../../confirm/rules.js';
import { confirmField, errorOf, input, num, type Operation, resultOf, type ToolContext } from '../define.js';

/**
 * batch_run: up to 50 calls of one tool. Every item is validated before anything is sent; a gated
 * tool gets one confirmation for the whole plan (the engine's decidePlan). Items run in order with bounded
 * concurrency, each exactly as a call of the tool would (spend cap included) and only if this
 * server exposes the tool to the caller; cancellation stops before the next item.
 */
export const MAX_ITEMS = 50;

type Status = 'ok' | 'error' | 'skipped' | 'not run';
/** An item whose call has begun and not ended (only while the batch runs). */
type Progress = Status | 'sending';
interface Outcome {
  index: number;
  status: Progress;
  result?: Record<string, unknown>;
  error?: string;
}

async function runBatch(
  args: Record<string, unknown>,
  tc: ToolContext,
): Promise<CallToolResult | InputRequiredResult> {
  const tool = String(args.tool);
  const op = await tc.exposed(tool);
  if (!op || op.toolset === 'workflows') {
    return errorOf(
      `batch_run: ${tool} is not a tool this server exposes to batch_run (it may be excluded, read-only mode may hide it, or it is a workflow tool). Nothing was sent.`,
    );
  }
  const raw = args.items as unknown[];
  const items: Record<string, unknown>[] = [];
  const problems: string[] = [];
  raw.forEach((item, i) => {
    const parsed = op.input.safeParse(item);
    if (parsed.success) items.push(parsed.data as Record<string, unknown>);
    else
      problems.push(
        `item ${i + 1}: ${parsed.error.issues.map((p) => `${p.path.join('.') || '(item)'} ${p.message}`).join('; ')}`,
      );
  });
  if (problems.length > 0) {
    return errorOf(
      `batch_run: ${problems.length} invalid item(s), nothing was sent. ${problems.join('. ')}.`,
    );
  }
  // Local plans (an upload's files) are made now, so the confirmation shows and binds them.
  const plans: (LocalPlan | undefined)[] = [];
  for (const item of items) plans.push(await tc.prepare(op, item));
  const overCap = uploadOverCap(plans, tc.maxUploadBytes);
  if (overCap) return errorOf(`batch_run: ${overCap}`);
  const onError = args.onError === 'continue' ? 'continue' : 'stop';
  const plan = { items, plans: plans.map((p) => p ?? null), onError };
  const confirmed = await tc.engine.decidePlan(op, items, plans, plan, args.confirm);
  if (!confirmed.ok) {
    const { confirm: _token, ...given } = args;
    await tc.attempt('batch_run', given).notSent(confirmed.decided);
    return confirmed.result;
  }
  // Decided and confirmed in the request; for a client with the tasks extension the items run in a task.
  const run = () => runItems({ op, items, plans, confirmed, onError, concurrency: args.concurrency }, tc);
  return tc.task ? tc.task.start(run) : run();
}

interface Batch {
  op: Operation;
  items: Record<string, unknown>[];
  plans: (LocalPlan | undefined)[];
  confirmed: Extract<PlanDecision, { ok: true }>;
  onError: 'stop' | 'continue';
  concurrency: unknown;
}

/** The items in order, each through its tool's own call under the plan's confirmation. */
async function runItems(batch: Batch, tc: ToolContext): Promise<CallToolResult> {
  const { op, items, plans, confirmed, onError } = batch;
  const tool = op.name;

  const outcomes: Outcome[] = items.map((_, index) => ({ index: index + 1, status: 'not run' }));
  const wanted = typeof batch.concurrency === 'number' ? batch.concurrency : 1;
  // Items checked against the spend cap run one at a time, so each check sees the last.
  const concurrency =
    op.cost !== undefined && tc.settings.maxHourlySpend !== undefined ? 1 : Math.min(wanted, items.length);
  let next = 0;
  let stopped = false;
  let finished = 0;
  const worker = async () => {
    while (!stopped && !tc.signal.aborted && next < items.length) {
      const i = next++;
      const outcome = outcomes[i];
      const item = items[i];
      if (!outcome || !item) break;
      const itemPlan = plans[i];
      const expected = confirmed.fingerprints?.[i];
      // Decided right before the item's request is sent (after the spend cap's check, if any).
      let skipped: string | undefined;
      const before = async () => {
        if (expected !== undefined && (await tc.engine.planFingerprint(op, item, itemPlan)) !== expected) {
          skipped = 'Its target changed (or disappeared) since the preview; it was not called.';
        } else if (confirmed.harmless && !(await tc.engine.stillHarmless(op, item, itemPlan))) {
          skipped = `Its target changed since the batch was planned, and the call now needs a confirmation; it was not called. Call ${op.name} on its own for a preview.`;
        }
        return skipped === undefined ? undefined : errorOf(skipped);
      };
      outcome.status = 'sending';
      await tc.task?.sent(aftermathOf(tool, outcomes));
      if (tc.signal.aborted) {
        outcome.status = 'not run';
        break;
      }
      const label = `item ${i + 1} of ${items.length}`;
      const result = await tc.runConfirmed(op, item, {
        before,
        label,
        decided: confirmed.decided,
        ...(itemPlan ? { plan: itemPlan } : {}),
      });
      if (skipped !== undefined) {
        outcome.status = 'skipped';
        outcome.error = skipped;
      } else if (result.isError) {
        outcome.status = 'error';
        outcome.error = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
        if (onError === 'stop') stopped = true;
      } else {
        outcome.status = 'ok';
        outcome.result = result.structuredContent as Record<string, unknown>;
      }
      finished++;
      await tc.progress(`${label}: ${outcome.status}`, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));

  const count = (s: Status) => outcomes.filter((o) => o.status === s).length;
  const counts = {
    ok: count('ok'),
    error: count('error'),
    skipped: count('skipped'),
    notRun: count('not run'),
  };
  const why = tc.signal.aborted
    ? ' Cancelled before the remaining items.'
    : stopped
      ? ' Stopped at the first error (onError: stop).'
      : '';
  return resultOf(
    { tool, total: items.length, ...counts, items: outcomes },
    `batch_run ${tool}: ${counts.ok} ok, ${counts.error} failed, ${counts.skipped} skipped, ${counts.notRun} not run of ${items.length} (${finished} attempted).${why}`,
  );
}

/** What a task ended early leaves behind: which items were sent, which may have been, which were not. */
function aftermathOf(tool: string, outcomes: readonly Outcome[]): string {
  const which = (test: (o: Outcome) => boolean) =>
    outcomes
      .filter(test)
      .map((o) => o.index)
      .join(', ');
  const sent = which((o) => o.status === 'ok' || o.status === 'error');
  const sending = which((o) => o.status === 'sending');
  const unsent = which((o) => o.status === 'not run' || o.status === 'skipped');
  return [
    `batch_run ${tool}:`,
    sent && `item(s) ${sent} were sent;`,
    sending && `item(s) ${sending} were being sent and may have taken effect;`,
    unsent ? `item(s) ${unsent} were not sent.` : 'no item was left unsent.',
  ]
    .filter(Boolean)
    .join(' ');
}

/** --max-upload-bytes bounds one call, and a batch is one call: its uploads count together. */
function uploadOverCap(planned: readonly (LocalPlan | undefined)[], cap: number): string | undefined {
  const plans = planned.flatMap((plan) => (plan?.kind === 'upload' ? [plan] : []));
  const bytes = plans.reduce((a, p) => a + p.bytes, 0);
  if (bytes <= cap) return undefined;
  const files = plans.reduce((a, p) => a + p.files.length, 0);
  return `the ${plans.length} upload(s) together send ${files} file(s) of ${bytes} bytes, over this server's upload cap of ${cap} bytes per call (--max-upload-bytes; a batch is one call). Nothing was sent.`;
}

export const batchOperations = [
  {
    name: 'batch_run',
    toolset: 'workflows',
    composite: true,
    title: 'Run a tool on many items',
    description: 'Runs one tool on many items, all validated first. A gated tool asks once for all items.',
    kind: 'action',
    confirm: {
      never:
        'Runs another tool per item: a gated tool gets one confirmation for the whole batch, bound to every item.',
    },
    route: 'POST /{tool}',
    idempotent: false,
    input: input({
      tool: z.string().min(1).describe('Tool name'),
      items: z.array(z.looseObject({})).min(1).max(MAX_ITEMS).describe('Arguments per call'),
      onError: z.enum(['stop', 'continue']).optional().describe('Default stop'),
      concurrency: num(z.number().int().min(1).max(5)).optional().describe('Default 1'),
      confirm: confirmField(),
    }),
    output: z.object({
      tool: z.string(),
      total: z.number(),
      ok: z.number(),
      error: z.number(),
      skipped: z.number(),
      notRun: z.number(),
      items: z.array(
        z.object({
          index: z.number(),
          status: z.enum(['ok', 'error', 'skipped', 'not run']),
          result: z.looseObject({}).optional(),
          error: z.string().optional(),
        }),
      ),
    }),
    handler: runBatch,
    // The items run in the task after the plan was confirmed; each item says what was sent.
    task: { aftermath: 'batch_run: no item had been sent.' },
  },
] as const satisfies readonly Operation[];
