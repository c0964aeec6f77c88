import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { removeDir, tempDir } from '../helpers/files.js';
import { type ServerProcess, spawnHttpServer } from '../helpers/process.js';
import { call, pollTask, rpc } from '../helpers/tasks-wire.js';

/**
 * A call that runs as a task is decided and journaled as any call: the policy decides before a
 * task exists (a denied start creates none), and a task's attempt and outcome are journal lines.
 */
describe('tasks under a policy and an audit journal (the built server over HTTP)', () => {
  let sandbox: Sandbox;
  let server: ServerProcess;
  let work: string;
  let journal: string;
  let locked: string;
  let free: string;
  const alice = { key: 'alice_key_0123456789' };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: true, transitionMs: 0 });
    const res = await fetch(`${sandbox.baseUrl}/machines?limit=120`, {
      headers: { authorization: `Bearer ${alice.key}` },
    });
    const { items } = (await res.json()) as { items: Array<{ id: string }> };
    [locked = '', free = ''] = items.map((m) => m.id);
    work = await tempDir('tasks-policy');
    journal = join(work, 'audit.jsonl');
    const policy = join(work, 'policy.json');
    await writeFile(
      policy,
      JSON.stringify({
        rules: [
          { tools: ['machines_start'], when: { id: { in: [locked] } }, effect: 'deny', reason: 'locked' },
          { tools: ['machines_start', 'machines_stop'], effect: 'allow' },
        ],
      }),
    );
    server = await spawnHttpServer(
      ['--per-request-key', '--toolsets', 'all', '--policy', policy, '--audit-log', journal],
      { PAPERSPACE_API_URL: sandbox.baseUrl },
    );
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await server?.exited;
    await sandbox?.close();
    await removeDir(work);
  });

  const lines = async () =>
    (await readFile(journal, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('a denied start is refused in the request, with no task, and journaled as denied', async () => {
    const denied = await call(server.url, 'machines_start', { id: locked }, { tasks: true, ...alice });
    expect(denied.result).not.toHaveProperty('taskId');
    expect(denied.result?.isError).toBe(true);
    expect(JSON.stringify(denied.result?.content)).toContain('rules[0]');
    const last = (await lines()).at(-1);
    expect(last).toMatchObject({ tool: 'machines_start', decision: 'denied', rule: 0, outcome: 'not-sent' });
  });

  it('an allowed start runs as a task; its intent and its outcome are journal lines', async () => {
    await call(server.url, 'machines_stop', { id: free }, alice);
    const created = await call(server.url, 'machines_start', { id: free }, { tasks: true, ...alice });
    expect(created.result).toMatchObject({ resultType: 'task' });
    const taskId = String(created.result?.taskId);
    const done = await pollTask(server.url, taskId, (t) => t.status !== 'working', alice);
    expect(done.status).toBe('completed');
    const starts = (await lines()).filter((l) => l.tool === 'machines_start' && l.target === free);
    expect(starts.map((l) => [l.decision, l.rule, l.outcome])).toEqual([
      ['allowed', 1, undefined],
      ['allowed', 1, 'applied'],
    ]);
    const other = await rpc(
      server.url,
      'tasks/get',
      { taskId },
      { tasks: true, key: 'bob_key_0123456789abc' },
    );
    expect(other.error?.code).toBe(-32602);
  });
});
