import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/entry.js';
import { FileJournal } from '../../src/audit/file-journal.js';
import { openJournal } from '../../src/audit/open.js';
import { verifyJournal } from '../../src/audit/verify.js';
import { PolicyHolder } from '../../src/policy/holder.js';
import { loadPolicyFile } from '../../src/policy/load.js';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { confirmTokenIn, type Harness, startHarness, TEST_KEY, textOf } from '../helpers/harness.js';
import { MACHINE_ARGS } from './machines-helpers.js';

/**
 * The operator's rules and the audit journal end to end: a real policy file, a real journal file,
 * a real MCP client against the sandbox. Each rule field and effect, first-match order, hidden
 * tools, batch items, and the journal's lines for denied, refused, previewed, confirmed and
 * failed attempts.
 */
const RULES = [
  { tools: ['*_delete'], effect: 'deny', reason: 'no deletes' },
  { tools: ['machines_create'], when: { machineType: { in: ['A4000', 'P4000'] } }, effect: 'allow' },
  { tools: ['machines_create'], effect: 'ask', reason: 'bigger machines need a person' },
  { tools: ['machines_stop', 'machines_start'], target: { name: { pattern: '^scratch-' } }, effect: 'allow' },
  {
    tools: ['machines_stop'],
    target: { name: { pattern: '^train-' } },
    effect: 'deny',
    reason: 'training stays up',
  },
  { tools: ['projects_create'], when: { name: { pattern: '^tmp-' } }, effect: 'ask', reason: 'temporary' },
  { tools: ['projects_update'], effect: 'deny', reason: 'names are fixed' },
  { tools: ['projects_update'], effect: 'allow' },
];
const TEAM = 'te7hq4kzp';

const dir = mkdtempSync(join(tmpdir(), 'policy-audit-'));
const write = (name: string, json: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
};
const linesOf = (file: string): AuditEntry[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEntry);
const mutating = (h: Harness) => h.requests().filter(isMutating);

async function machineId(h: Harness, name: string): Promise<string> {
  const list = await h.call('machines_list', { name });
  const items = (list.structuredContent?.items ?? []) as Array<{ id: string; name: string }>;
  const found = items.find((m) => m.name === name);
  if (!found) throw new Error(`no machine ${name}: ${textOf(list)}`);
  return found.id;
}

describe('policy rules and the audit journal, through an MCP client', () => {
  const policyFile = write('policy.json', { rules: RULES });
  const journalFile = join(dir, 'audit.jsonl');
  let journal: FileJournal;
  let h: Harness;
  const start = async (args: string[]) => {
    journal = await FileJournal.open(journalFile);
    h = await startHarness({
      args: ['--toolsets', 'all', ...args],
      sandbox: { seed: true },
      policy: new PolicyHolder(loadPolicyFile(policyFile)),
      journal,
    });
  };
  const stop = async () => {
    await h?.close();
    await journal?.close();
  };
  const lastLines = (n: number) => linesOf(journalFile).slice(-n);

  describe('with confirmations on (token path)', () => {
    beforeAll(() => start([]));
    afterAll(stop);

    it('deny: refused in one line with rules[i] and its reason, nothing sent, one not-sent line', async () => {
      const id = await machineId(h, 'api-c7');
      h.clearLog();
      const result = await h.call('machines_delete', { id });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe(
        'machines_delete was refused by policy rule rules[0] (no deletes). Nothing was sent.',
      );
      expect(mutating(h)).toEqual([]);
      expect(lastLines(1)).toEqual([
        expect.objectContaining({
          tool: 'machines_delete',
          target: id,
          decision: 'denied',
          rule: 0,
          outcome: 'not-sent',
        }),
      ]);
    });

    it('a tool denied outright is not listed; a conditional or later deny keeps it listed', async () => {
      const { tools } = await h.client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).not.toContain('machines_delete');
      expect(names).not.toContain('projects_delete');
      expect(names).not.toContain('projects_update');
      expect(names).toContain('machines_stop');
      expect(names).toContain('machines_create');
    });

    it('resources/list shows the policy and the caller’s audit entries first, then the datasets', async () => {
      const page = (await h.client.request({ method: 'resources/list', params: {} })) as {
        resources: Array<{ uri: string }>;
      };
      const uris = page.resources.map((r) => r.uri);
      expect(uris.slice(0, 2)).toEqual(['paperspace://policy', 'paperspace://audit/recent']);
      expect(uris.slice(2).every((uri) => uri.startsWith('paperspace://datasets/'))).toBe(true);
      expect(uris.length).toBeGreaterThan(2);
    });

    it('first match decides: rules[1] allows an A4000 although rules[2] would ask', async () => {
      h.clearLog();
      const result = await h.call('machines_create', {
        name: 'small-one',
        ...MACHINE_ARGS,
        machineType: 'A4000',
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(mutating(h).map((r) => r.method)).toEqual(['POST']);
      const [intent, outcome] = lastLines(2);
      expect(intent).toMatchObject({
        tool: 'machines_create',
        target: 'small-one',
        decision: 'allowed',
        rule: 1,
      });
      expect(intent).not.toHaveProperty('outcome');
      expect(outcome).toMatchObject({ decision: 'allowed', rule: 1, outcome: 'applied' });
    });

    it('when: an A100 does not match rules[1], so rules[2] asks; previewed and confirmed share the token id', async () => {
      h.clearLog();
      const args = { name: 'big-one', ...MACHINE_ARGS, machineType: 'A100' };
      const preview = await h.call('machines_create', args);
      const token = confirmTokenIn(preview);
      expect(token, textOf(preview)).toBeDefined();
      expect(textOf(preview)).toContain('Asked by policy rule rules[2] (bigger machines need a person).');
      expect(mutating(h)).toEqual([]);
      const [previewed] = lastLines(1);
      expect(previewed).toMatchObject({
        tool: 'machines_create',
        decision: 'previewed',
        rule: 2,
        outcome: 'not-sent',
      });
      expect(previewed?.token).toMatch(/^[\w-]{8,}$/);
      const done = await h.call('machines_create', { ...args, confirm: token });
      expect(done.isError, textOf(done)).toBeFalsy();
      const [intent, outcome] = lastLines(2);
      expect(intent).toMatchObject({ decision: 'confirmed', rule: 2, token: previewed?.token });
      expect(outcome).toMatchObject({ decision: 'confirmed', token: previewed?.token, outcome: 'applied' });
      // The same token again: refused (replayed), recorded with the same id, nothing sent.
      h.clearLog();
      const again = await h.call('machines_create', { ...args, confirm: token });
      expect(again.isError).toBe(true);
      expect(mutating(h)).toEqual([]);
      expect(lastLines(1)[0]).toMatchObject({
        decision: 'refused',
        token: previewed?.token,
        outcome: 'not-sent',
      });
    });

    it('target: stopping a scratch-* machine is allowed without a confirmation (gated otherwise)', async () => {
      const id = await machineId(h, 'scratch-c5');
      await h.call('machines_start', { id });
      h.clearLog();
      const result = await h.call('machines_stop', { id });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(mutating(h).map((r) => r.path)).toEqual([`/machines/${id}/stop`]);
      expect(lastLines(1)[0]).toMatchObject({
        tool: 'machines_stop',
        target: id,
        decision: 'allowed',
        rule: 3,
      });
    });

    it('target: a train-* machine is denied by rules[4]; another machine keeps its own confirmation', async () => {
      h.clearLog();
      const denied = await h.call('machines_stop', { id: await machineId(h, 'train-a100') });
      expect(textOf(denied)).toBe(
        'machines_stop was refused by policy rule rules[4] (training stays up). Nothing was sent.',
      );
      const asked = await h.call('machines_stop', { id: await machineId(h, 'api-c7') });
      expect(confirmTokenIn(asked), textOf(asked)).toBeDefined();
      expect(mutating(h)).toEqual([]);
    });

    it('target unavailable: the allow rule does not hold, the deny rule does', async () => {
      h.clearLog();
      const result = await h.call('machines_stop', { id: 'mnotthere1' });
      expect(textOf(result)).toBe(
        'machines_stop was refused by policy rule rules[4] (training stays up). Nothing was sent.',
      );
      expect(mutating(h)).toEqual([]);
    });

    it('a hidden tool called anyway is denied with its rule', async () => {
      const result = await h.call('projects_update', { id: 'pnotthere', name: 'x' });
      expect(textOf(result)).toBe(
        'projects_update was refused by policy rule rules[6] (names are fixed). Nothing was sent.',
      );
    });

    it('batch_run: a denied item refuses the batch in one line naming the item and the rule', async () => {
      const scratch = await machineId(h, 'scratch-c5');
      const train = await machineId(h, 'train-a100');
      h.clearLog();
      const result = await h.call('batch_run', {
        tool: 'machines_stop',
        items: [{ id: scratch }, { id: train }],
      });
      expect(textOf(result)).toBe(
        'batch_run: item 2: machines_stop was refused by policy rule rules[4] (training stays up). Nothing was sent.',
      );
      expect(mutating(h)).toEqual([]);
      expect(lastLines(1)[0]).toMatchObject({
        tool: 'batch_run',
        decision: 'denied',
        rule: 4,
        outcome: 'not-sent',
      });
    });

    it('batch_run: a plan a rule asks for is previewed once; its items carry the plan’s token id', async () => {
      const plan = { tool: 'projects_create', items: [{ name: 'tmp-a' }, { name: 'tmp-b' }] };
      h.clearLog();
      const preview = await h.call('batch_run', plan);
      const token = confirmTokenIn(preview);
      expect(token, textOf(preview)).toBeDefined();
      expect(mutating(h)).toEqual([]);
      const [previewed] = lastLines(1);
      expect(previewed).toMatchObject({
        tool: 'batch_run',
        decision: 'previewed',
        rule: 5,
        outcome: 'not-sent',
      });
      const done = await h.call('batch_run', { ...plan, confirm: token });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(
        mutating(h).map((r) => r.method),
        textOf(done),
      ).toEqual(['POST', 'POST']);
      expect(
        lastLines(4).map((l) => [l.tool, l.target, l.decision, l.rule, l.token, l.outcome ?? 'intent']),
      ).toEqual([
        ['projects_create', 'tmp-a', 'confirmed', 5, previewed?.token, 'intent'],
        ['projects_create', 'tmp-a', 'confirmed', 5, previewed?.token, 'applied'],
        ['projects_create', 'tmp-b', 'confirmed', 5, previewed?.token, 'intent'],
        ['projects_create', 'tmp-b', 'confirmed', 5, previewed?.token, 'applied'],
      ]);
    });

    it('a failed change is recorded as failed after its intent', async () => {
      h.clearLog();
      const result = await h.call('machines_create', {
        name: 'no-template',
        ...MACHINE_ARGS,
        machineType: 'A4000',
        templateId: 'tnope000',
      });
      expect(result.isError).toBe(true);
      const [intent, outcome] = lastLines(2);
      expect(intent).toMatchObject({ tool: 'machines_create', target: 'no-template', decision: 'allowed' });
      expect(intent).not.toHaveProperty('outcome');
      expect(outcome).toMatchObject({ tool: 'machines_create', outcome: 'failed' });
    });

    it('reads are not journaled; the chain verifies intact', async () => {
      const before = linesOf(journalFile).length;
      await h.call('machines_list', {});
      await h.call('projects_list', {});
      expect(linesOf(journalFile).length).toBe(before);
      expect(await verifyJournal(journalFile)).toEqual({ ok: true, entries: before });
    });

    it('no journal line holds the API key, a confirmation token or a secret value', async () => {
      const value = 'sk-live-0123456789abcdef-journal';
      const created = await h.call('teams_secrets_create', { id: TEAM, name: 'JOURNAL_TEST', value });
      expect(created.isError, textOf(created)).toBeFalsy();
      const text = readFileSync(journalFile, 'utf8');
      expect(text).toContain('JOURNAL_TEST');
      expect(text).not.toContain(value);
      expect(text).not.toContain(TEST_KEY);
      expect(text).not.toMatch(/v1\.[\w-]{20,}\.[\w-]{20,}/);
    });
  });

  describe('with --confirm off', () => {
    beforeAll(() => start(['--confirm', 'off']));
    afterAll(stop);

    it('ask still asks (when: name ^tmp-), and a name it does not match runs unasked', async () => {
      h.clearLog();
      const asked = await h.call('projects_create', { name: 'tmp-scratch' });
      expect(confirmTokenIn(asked), textOf(asked)).toBeDefined();
      expect(mutating(h)).toEqual([]);
      // A tool that is not gated accepts the token too (every tool a rule can make ask takes `confirm`).
      const confirmed = await h.call('projects_create', {
        name: 'tmp-scratch',
        confirm: confirmTokenIn(asked),
      });
      expect(confirmed.isError, textOf(confirmed)).toBeFalsy();
      expect(mutating(h).map((r) => r.method)).toEqual(['POST']);
      h.clearLog();
      const plain = await h.call('projects_create', { name: 'kept' });
      expect(plain.isError, textOf(plain)).toBeFalsy();
      expect(mutating(h).map((r) => r.method)).toEqual(['POST']);
    });

    it('batch_run: an item a rule asks for makes the plan ask', async () => {
      h.clearLog();
      const result = await h.call('batch_run', {
        tool: 'machines_create',
        items: [
          { name: 'b1', ...MACHINE_ARGS, machineType: 'A4000' },
          { name: 'b2', ...MACHINE_ARGS, machineType: 'A100' },
        ],
      });
      expect(confirmTokenIn(result), textOf(result)).toBeDefined();
      expect(mutating(h)).toEqual([]);
      expect(lastLines(1)[0]).toMatchObject({ tool: 'batch_run', decision: 'previewed', rule: 2 });
    });
  });

  describe('with a client that answers by elicitation', () => {
    const startAsking = async (elicit: 'accept' | 'decline') => {
      journal = await FileJournal.open(journalFile);
      h = await startHarness({
        args: ['--toolsets', 'all'],
        sandbox: { seed: true },
        policy: new PolicyHolder(loadPolicyFile(policyFile)),
        journal,
        elicit,
      });
    };
    afterEach(stop);

    it('accepted: previewed and confirmed lines carry the same id, then intent and outcome', async () => {
      await startAsking('accept');
      const result = await h.call('machines_create', { name: 'asked', ...MACHINE_ARGS, machineType: 'A100' });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(h.elicitations).toEqual([expect.stringContaining('Asked by policy rule rules[2]')]);
      const [previewed, intent, outcome] = lastLines(3);
      expect(previewed).toMatchObject({ decision: 'previewed', rule: 2, outcome: 'not-sent' });
      expect(previewed?.token).toMatch(/^[\w-]{8,}$/);
      expect(intent).toMatchObject({ decision: 'confirmed', rule: 2, token: previewed?.token });
      expect(intent).not.toHaveProperty('outcome');
      expect(outcome).toMatchObject({ decision: 'confirmed', token: previewed?.token, outcome: 'applied' });
    });

    it('declined: refused with the same id, nothing sent', async () => {
      await startAsking('decline');
      h.clearLog();
      const result = await h.call('machines_create', {
        name: 'declined',
        ...MACHINE_ARGS,
        machineType: 'A100',
      });
      expect(result.isError).toBe(true);
      expect(mutating(h)).toEqual([]);
      const [previewed, refused] = lastLines(2);
      expect(previewed).toMatchObject({ decision: 'previewed', rule: 2 });
      expect(refused).toMatchObject({
        decision: 'refused',
        rule: 2,
        token: previewed?.token,
        outcome: 'not-sent',
      });
    });
  });

  describe('allow waives the confirmation, not the spend cap', () => {
    beforeAll(() => start(['--max-hourly-spend', '0.01']));
    afterAll(stop);

    it('machines_start on a scratch machine is refused by the cap although a rule allows it', async () => {
      const id = await machineId(h, 'scratch-c5');
      h.clearLog();
      const result = await h.call('machines_start', { id });
      expect(textOf(result)).toContain('--max-hourly-spend');
      expect(mutating(h)).toEqual([]);
      expect(lastLines(1)[0]).toMatchObject({
        tool: 'machines_start',
        decision: 'refused',
        outcome: 'not-sent',
      });
    });
  });
});

describe('reloads and sessions', () => {
  it('a session listens for reloads while open and stops when it closes (no listener left behind)', async () => {
    const holder = new PolicyHolder(loadPolicyFile(write('sessions.json', { rules: RULES })));
    for (let i = 0; i < 3; i++) {
      const h = await startHarness({ args: ['--toolsets', 'all'], policy: holder });
      expect(holder.listening).toBe(1);
      await h.close();
      expect(holder.listening).toBe(0);
    }
  });
});

describe('a journal that cannot be written', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a full disk: the change is not sent, the caller gets one line naming the journal', async () => {
    const journal = await FileJournal.open('/dev/full');
    h = await startHarness({ args: ['--toolsets', 'all'], sandbox: { seed: true }, journal });
    const before = await h.call('projects_list', {});
    h.clearLog();
    const result = await h.call('projects_create', { name: 'never' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /the audit journal \(\/dev\/full\) cannot be written \(ENOSPC\); the change was not sent/,
    );
    expect(mutating(h)).toEqual([]);
    expect((await h.call('projects_list', {})).structuredContent).toEqual(before.structuredContent);
    await journal.close();
  });

  it('a journal that cannot be opened: the server starts, says so, and each change is refused', async () => {
    // A path under a file cannot be created, whoever runs the test (root writes read-only directories).
    const file = '/dev/null/audit.jsonl';
    const said: string[] = [];
    const journal = await openJournal({ auditLog: file }, (m) => said.push(m));
    expect(said).toEqual([
      expect.stringContaining(`the audit journal (${file}) cannot be written (ENOTDIR)`),
    ]);
    h = await startHarness({ args: ['--toolsets', 'all'], sandbox: { seed: true }, journal });
    h.clearLog();
    const result = await h.call('projects_create', { name: 'never' });
    expect(textOf(result)).toContain(`the audit journal (${file}) cannot be written (ENOTDIR)`);
    expect(mutating(h)).toEqual([]);
  });
});
