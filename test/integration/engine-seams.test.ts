import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/entry.js';
import type { Journal } from '../../src/audit/journal.js';
import { AuditJournalError } from '../../src/audit/sink.js';
import type { PolicyTarget, PolicyVerdict } from '../../src/confirm/policy.js';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { Api, GATED_FIXTURES } from '../helpers/gated-fixtures.js';
import { confirmTokenIn, type Harness, startHarness, textOf } from '../helpers/harness.js';

/**
 * The two inputs the confirmation engine and the call pipeline take from outside: the operator's
 * policy (consulted first: deny beats any token, ask forces a confirmation even with --confirm off,
 * allow waives it) and the journal (an awaited intent right before a mutating request, an outcome
 * right after; a failing intent means nothing is sent).
 */
const mutating = (h: Harness) => h.requests().filter(isMutating);

describe('the journal', () => {
  const entries: AuditRecord[] = [];
  let failIntent = false;
  const journal: Journal = {
    where: 'test journal',
    async append(record) {
      if (failIntent) throw new AuditJournalError('test journal', 'ENOSPC');
      entries.push(record);
      return { ...record, seq: entries.length, time: '', prev: '', hash: '' };
    },
    recent: async () => [],
    close: async () => {},
  };
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all'], sandbox: { seed: true }, journal });
  });
  afterAll(() => h.close());

  it('records a mutating call right before and right after its request, and not a read', async () => {
    entries.length = 0;
    const created = await h.call('projects_create', { name: 'journaled' });
    expect(created.isError, textOf(created)).toBeFalsy();
    await h.call('projects_list', {});
    const line = { tool: 'projects_create', args: { name: 'journaled' }, caller: '', target: 'journaled' };
    expect(entries).toEqual([
      expect.objectContaining({
        ...line,
        decision: 'allowed',
        client: { name: 'test-client', version: '1.0.0' },
      }),
      expect.objectContaining({ ...line, decision: 'allowed', outcome: 'applied' }),
    ]);
    expect(entries[0]).not.toHaveProperty('outcome');
  });

  it('sends nothing when the intent cannot be written', async () => {
    failIntent = true;
    h.clearLog();
    try {
      const result = await h.call('projects_create', { name: 'never-sent' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('audit journal');
      expect(mutating(h)).toEqual([]);
    } finally {
      failIntent = false;
    }
  });
});

describe('the policy input', () => {
  let verdict: PolicyVerdict | undefined;
  const asked: Array<{ tool: string; target: PolicyTarget | undefined }> = [];
  let h: Harness;
  const start = (args: string[]) =>
    startHarness({
      args,
      sandbox: { seed: true },
      policy: {
        decide: (tool, _args, target) => {
          asked.push({ tool, target });
          return verdict;
        },
        needsTarget: (tool) => tool === 'startup_scripts_delete',
      },
    });
  afterAll(() => h?.close());

  it('is consulted, and a denial beats a token issued before it (nothing sent)', async () => {
    h = await start(['--toolsets', 'all']);
    const fixture = await GATED_FIXTURES.startup_scripts_delete?.(new Api(h.api));
    const args = fixture?.args ?? {};
    verdict = undefined;
    const token = confirmTokenIn(await h.call('startup_scripts_delete', args));
    expect(token).toBeDefined();
    // A rule naming the tool has target conditions: it is given the target as the API reports it.
    expect(asked.at(-1)).toEqual({
      tool: 'startup_scripts_delete',
      target: expect.objectContaining({ id: args.id }),
    });
    verdict = { effect: 'deny', rule: 0, reason: 'no deletes' };
    h.clearLog();
    const denied = await h.call('startup_scripts_delete', { ...args, confirm: token });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toBe(
      'startup_scripts_delete was refused by policy rule rules[0] (no deletes). Nothing was sent.',
    );
    expect(mutating(h)).toEqual([]);
  });

  it('waives the confirmation when it allows', async () => {
    const fixture = await GATED_FIXTURES.startup_scripts_delete?.(new Api(h.api));
    verdict = { effect: 'allow', rule: 1 };
    h.clearLog();
    const result = await h.call('startup_scripts_delete', fixture?.args ?? {});
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(mutating(h).map((r) => r.method)).toEqual(['DELETE']);
    await h.close();
  });

  it('asks for a confirmation with --confirm off when it asks', async () => {
    h = await start(['--toolsets', 'all', '--confirm', 'off']);
    const fixture = await GATED_FIXTURES.startup_scripts_delete?.(new Api(h.api));
    verdict = { effect: 'ask', rule: 2 };
    h.clearLog();
    const result = await h.call('startup_scripts_delete', fixture?.args ?? {});
    expect(confirmTokenIn(result), textOf(result)).toBeDefined();
    expect(mutating(h)).toEqual([]);
  });
});
