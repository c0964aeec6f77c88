import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONFIRMATION_META_KEY } from '../../src/confirm/request.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { inMemoryServer } from '../adversarial/canaries.js';
import {
  type Behaviour,
  echoError,
  type HostileUpstream,
  htmlError,
  json,
  startHostileUpstream,
} from '../adversarial/hostile-upstream.js';
import { removeDir, sandboxProviderId, tempDir } from '../helpers/files.js';
import { Api, GATED_FIXTURES, type GatedFixture } from '../helpers/gated-fixtures.js';
import { type CallResult, confirmTokenIn, type Harness, startHarness } from '../helpers/harness.js';
import { sampleArgs } from '../helpers/sample-args.js';

/**
 * What every client may rely on, whatever happened: a result that carries structuredContent fits
 * the tool's advertised output schema, error or not (checked with the validator SDK 1.x clients
 * run on every result); a tool with an output schema that returns no structuredContent says
 * isError. Walked over every gated tool (preview, tampered token, confirmed call, replay, target
 * changed), batch_run with a gated item, elicitation and strict-mode refusals, the spend cap,
 * read-only, every tool's sample call, invalid arguments, and every tool against a hostile API
 * (unshaped answers, errors, HTML).
 */

interface Tool {
  name: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}
type Call = (name: string, args: Record<string, unknown>) => Promise<CallResult>;

class Invariant {
  readonly problems: string[] = [];
  readonly kinds = new Map<string, number>();
  readonly outcomes = new Map<Outcome, number>();
  private readonly validators = new Map<
    string,
    (value: unknown) => { valid: boolean; errorMessage?: string }
  >();

  constructor(readonly tools: Tool[]) {
    const ajv = new AjvJsonSchemaValidator();
    for (const t of tools) if (t.outputSchema) this.validators.set(t.name, ajv.getValidator(t.outputSchema));
  }

  /** Calls the tool and holds its result to the invariant; `kind` names the case in a failure. */
  async call(call: Call, name: string, args: Record<string, unknown>, kind: string): Promise<CallResult> {
    const result = await call(name, args);
    this.check(name, kind, result);
    return result;
  }

  check(name: string, kind: string, result: CallResult): void {
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    const outcome = outcomeOf(result);
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    const validate = this.validators.get(name);
    const where = `${name} (${kind}, ${result.isError ? 'error' : 'success'})`;
    if (result.structuredContent !== undefined) {
      const fit = validate?.(result.structuredContent);
      if (!validate) this.problems.push(`${where}: structuredContent but no output schema`);
      else if (!fit?.valid)
        this.problems.push(`${where}: structuredContent does not fit: ${fit?.errorMessage}`);
    } else if (validate && result.isError !== true) {
      this.problems.push(`${where}: no structuredContent, yet not isError`);
    }
  }
}

type Outcome = 'success' | 'confirmation request' | 'unshaped answer' | 'invalid arguments' | 'error';
const OUTCOMES: readonly Outcome[] = [
  'success',
  'confirmation request',
  'unshaped answer',
  'invalid arguments',
  'error',
];

function outcomeOf(result: CallResult): Outcome {
  if (!result.isError) return 'success';
  if (result._meta?.[CONFIRMATION_META_KEY] !== undefined) return 'confirmation request';
  const text = result.content.map((c) => c.text ?? '').join('\n');
  if (text.startsWith('The request was sent and succeeded')) return 'unshaped answer';
  if (text.startsWith('Input validation error')) return 'invalid arguments';
  return 'error';
}

const GATED = OPERATIONS.filter((op) => op.gated).map((op) => op.name);
const tamper = (token: string) => `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
/** Waits end at once here: their budget is one second and a hostile API never reaches the state. */
const withBudget = (name: string, args: Record<string, unknown>) =>
  name.endsWith('_wait') ? { ...args, timeoutSeconds: 1 } : args;

let root: string;
let h: Harness;
let upstream: HostileUpstream;
beforeAll(async () => {
  root = await tempDir('fit');
  upstream = await startHostileUpstream();
  h = await startHarness({
    args: ['--toolsets', 'all', '--files-root', root],
    sandbox: { seed: true, s3: true },
  });
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
  await removeDir(root);
});

/** The dataset file tools' gated cases: a version holding a.txt, and a.txt on the local side. */
async function fileFixtures(): Promise<Record<string, Record<string, unknown>>> {
  const storageProviderId = await sandboxProviderId(h);
  const ds = await h.call('datasets_create', { name: 'fit', isPublic: false, storageProviderId });
  const datasetId = String(ds.structuredContent?.id);
  const v = await h.call('datasets_versions_create', { datasetId, message: 'fit' });
  const version = String(v.structuredContent?.version);
  await writeFile(join(root, 'a.txt'), 'a\n');
  const put = await h.call('datasets_versions_files_put', { datasetId, version, fromPath: 'a.txt' });
  expect(put.isError, JSON.stringify(put.content)).toBeFalsy();
  return {
    datasets_versions_files_put: { datasetId, version, fromPath: 'a.txt' },
    datasets_versions_files_get: { datasetId, version, path: 'a.txt', toPath: 'a.txt', overwrite: true },
    datasets_versions_create: { datasetId, sourcePath: 'a.txt', commit: true, message: 'fit' },
    datasets_versions_files_delete: { datasetId, version, paths: ['a.txt'] },
  };
}

/** Preview, a tampered token, the confirmed call, its replay; then, where the target can change, a stale token. */
async function gatedFlow(inv: Invariant, name: string, arrange: () => Promise<GatedFixture>) {
  const fixture = await arrange();
  const preview = await inv.call(h.call, name, fixture.args, 'preview');
  const token = confirmTokenIn(preview);
  expect(token, `${name} gave no token`).toBeDefined();
  await inv.call(h.call, name, { ...fixture.args, confirm: tamper(token as string) }, 'tampered token');
  await inv.call(h.call, name, { ...fixture.args, confirm: token }, 'confirmed');
  await inv.call(h.call, name, { ...fixture.args, confirm: token }, 'replay');
  if (!fixture.change) return;
  const again = await arrange();
  const fresh = await inv.call(h.call, name, again.args, 'preview');
  await again.change?.();
  await inv.call(h.call, name, { ...again.args, confirm: confirmTokenIn(fresh) }, 'target changed');
}

/** Every tool with its minimal arguments, and with arguments no schema accepts. */
async function everyTool(inv: Invariant, call: Call, label: string, invalid = false) {
  const sample = (tool: Tool) =>
    inv.call(call, tool.name, withBudget(tool.name, sampleArgs(tool.inputSchema)), `${label} sample`);
  // The waits may use their whole (one-second) budget: they run beside the other calls.
  const waits = Promise.all(inv.tools.filter((t) => t.name.endsWith('_wait')).map(sample));
  for (const tool of inv.tools) {
    if (!tool.name.endsWith('_wait')) await sample(tool);
    if (!invalid) continue;
    await inv.call(call, tool.name, { 'no such field': true }, 'invalid arguments');
    const first = Object.keys((tool.inputSchema.properties ?? {}) as object)[0];
    if (first) await inv.call(call, tool.name, { [first]: { wrong: ['type'] } }, 'invalid arguments');
  }
  await waits;
}

it('every result fits its tool output schema, error or not; no structuredContent means isError', async () => {
  const inv = new Invariant((await h.client.listTools()).tools as Tool[]);
  expect(inv.tools.length).toBe(OPERATIONS.length);
  const api = new Api(h.api, h.sandbox.store);

  // Every gated tool, through the token flow.
  const files = await fileFixtures();
  for (const name of GATED) {
    const fixture = GATED_FIXTURES[name];
    const fileArgs = files[name];
    const arrange = fixture ? () => fixture(api) : async () => ({ args: fileArgs ?? {} });
    expect(fixture ?? fileArgs, `${name} has no fixture`).toBeDefined();
    await gatedFlow(inv, name, arrange);
  }

  // batch_run with a gated item: plan preview, confirmed run, replay.
  const items = [{ id: await api.machine('fit-a') }, { id: await api.machine('fit-b') }];
  const plan = await inv.call(h.call, 'batch_run', { tool: 'machines_delete', items }, 'batch preview');
  const batchToken = confirmTokenIn(plan);
  await inv.call(
    h.call,
    'batch_run',
    { tool: 'machines_delete', items, confirm: batchToken },
    'batch confirmed',
  );
  await inv.call(
    h.call,
    'batch_run',
    { tool: 'machines_delete', items, confirm: batchToken },
    'batch replay',
  );

  // Every tool against the seeded sandbox (successes, 404s, refusals), and with invalid arguments.
  await everyTool(inv, h.call, 'sandbox', true);

  // The user declines, the user accepts, the client cannot ask (strict), the spend cap, read-only.
  for (const [args, kind] of [
    [['--toolsets', 'all'], 'elicitation declined'],
    [['--toolsets', 'all'], 'elicitation accepted'],
    [['--toolsets', 'all', '--confirm', 'strict'], 'strict refusal'],
    [['--toolsets', 'all', '--max-hourly-spend', '0.01'], 'spend cap refusal'],
    [['--toolsets', 'all', '--read-only', '--files-root', root], 'read-only refusal'],
  ] as const) {
    const elicit =
      kind === 'elicitation declined' ? 'decline' : kind === 'elicitation accepted' ? 'accept' : undefined;
    const other = await startHarness({
      args: [...args],
      sandbox: { seed: true },
      ...(elicit ? { elicit } : {}),
    });
    try {
      const call: Call = (name, a) => other.call(name, a);
      if (kind === 'read-only refusal') {
        const get = files.datasets_versions_files_get as Record<string, unknown>;
        await inv.call(call, 'datasets_versions_files_get', get, kind);
      } else if (kind === 'spend cap refusal') {
        const create = {
          name: 'fit',
          machineType: 'A100-80Gx8',
          templateId: 't0nspur5',
          diskSize: 50,
          region: 'ny2',
        };
        await inv.call(call, 'machines_create', create, kind);
      } else {
        await inv.call(call, 'machines_stop', { id: await new Api(other.api).machine('fit-c') }, kind);
      }
    } finally {
      await other.close();
    }
  }

  // A hostile API: answers that fit no schema, error bodies that echo the request, an HTML page.
  const behaviours: Record<string, Behaviour> = {
    'empty object': (_req, res) => json(res, 200, {}),
    array: (_req, res) => json(res, 200, [1, 2]),
    string: (_req, res) => json(res, 200, 'ok'),
    'wrong types': (_req, res) => json(res, 200, { id: 7, items: 'none', hasMore: 'no', data: 1 }),
    '404': echoError(404),
    '500': echoError(500),
    'HTML 502': htmlError(502),
  };
  const hostile = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all', '--confirm', 'off'], {
    pollIntervalsMs: [5],
  });
  try {
    const call: Call = (name, a) => hostile.client.callTool({ name, arguments: a }) as Promise<CallResult>;
    for (const [label, behaviour] of Object.entries(behaviours)) {
      upstream.behave(behaviour);
      await everyTool(inv, call, `hostile API: ${label}`);
    }
  } finally {
    await hostile.close();
  }

  // Each kind was met (so this cannot pass by walking nothing), and nothing broke the invariant.
  expect(inv.kinds.get('preview')).toBeGreaterThanOrEqual(GATED.length);
  expect(inv.problems).toEqual([]);
  for (const outcome of OUTCOMES) expect(inv.outcomes.get(outcome), outcome).toBeGreaterThan(0);
}, 240_000);
