import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { httpClient } from '../helpers/http.js';
import { runToExit, type ServerProcess, spawnHttpServer } from '../helpers/process.js';
import { DIST_ENTRY } from '../helpers/spawn.js';
import { testClient } from '../helpers/test-client.js';

/**
 * The policy file and the audit journal as an operator meets them: the built server, spawned.
 * A bad file stops start-up with its path (and pointer); stdio's first tools/list (the entry's
 * early answer) and HTTP leave out tools a rule refuses outright; SIGHUP swaps a good file in
 * (tools/list_changed) and keeps the old rules for a bad one; `audit verify` finds a tampered line;
 * over HTTP, paperspace://audit/recent shows a caller only their own entries.
 */
const dir = mkdtempSync(join(tmpdir(), 'policy-process-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const rules = (...list: unknown[]) => JSON.stringify({ rules: list });
const DENY_DELETES = { tools: ['*_delete'], effect: 'deny', reason: 'no deletes' };
const DENY_PROJECT_CREATE = { tools: ['projects_create'], effect: 'deny', reason: 'no new projects' };

/** Runs the built binary; returns its exit code and both outputs. */
function run(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [DIST_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout })));
}

describe('a policy file at start-up', () => {
  it('one that does not parse stops start-up (exit 2) naming its path', async () => {
    const file = write('broken.json', '{ "rules": [');
    const { code, stderr } = await runToExit(['--sandbox', '--policy', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`policy file ${file}: is not JSON`);
  });

  it('one that does not validate names its path and the JSON pointer of the first problem', async () => {
    const file = write('invalid.json', rules(DENY_DELETES, { tools: ['x'], effect: 'maybe' }));
    const { code, stderr } = await runToExit(['--sandbox', '--policy', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`policy file ${file}: /rules/1/effect:`);
  });
});

describe('stdio: hidden tools and SIGHUP', () => {
  const file = write('stdio-policy.json', rules(DENY_DELETES));
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';
  const changes: number[] = [];
  let changed: () => void = () => {};
  const nextChange = () =>
    new Promise<void>((resolve) => {
      changed = resolve;
    });
  beforeAll(async () => {
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [DIST_ENTRY, '--sandbox', '--toolsets', 'all', '--policy', file],
      env: { PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = testClient('policy-smoke', {}).client;
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      changes.push(Date.now());
      changed();
    });
    await client.connect(transport);
  });
  afterAll(() => client?.close());
  const listed = async () => (await client.listTools()).tools.map((t) => t.name);
  /** SIGHUP to the spawned server only (a missing pid must never become 0: the whole process group). */
  const hangUp = () => {
    const pid = transport.pid;
    if (!pid || pid <= 0) throw new Error(`the server is not running: ${stderr}`);
    process.kill(pid, 'SIGHUP');
  };

  it('the first tools/list (answered before the SDK loads) leaves out tools denied outright', async () => {
    const names = await listed();
    expect(names).not.toContain('machines_delete');
    expect(names).toContain('projects_create');
    // A call is answered by the SDK's server only: once it answers, the session that hears a reload exists.
    const denied = await client.callTool({ name: 'machines_delete', arguments: { id: 'mnothere1' } });
    expect(denied.content).toEqual([
      {
        type: 'text',
        text: 'machines_delete was refused by policy rule rules[0] (no deletes). Nothing was sent.',
      },
    ]);
  });

  it('SIGHUP with a good file swaps the rules in whole and sends tools/list_changed', async () => {
    writeFileSync(file, rules(DENY_PROJECT_CREATE));
    const signalled = nextChange();
    hangUp();
    await signalled;
    const names = await listed();
    expect(names).toContain('machines_delete');
    expect(names).not.toContain('projects_create');
    const denied = await client.callTool({ name: 'projects_create', arguments: { name: 'x' } });
    expect(denied.content).toEqual([
      {
        type: 'text',
        text: 'projects_create was refused by policy rule rules[0] (no new projects). Nothing was sent.',
      },
    ]);
  });

  it('SIGHUP with a bad file keeps the old rules and logs the path and pointer', async () => {
    const count = changes.length;
    writeFileSync(file, rules({ tools: ['projects_create'], effect: 'nope' }));
    hangUp();
    await expect.poll(() => stderr, { timeout: 10_000 }).toContain(`policy file ${file}: /rules/0/effect:`);
    expect(stderr).toContain('stay in force');
    expect(await listed()).not.toContain('projects_create');
    expect(changes.length).toBe(count);
  });
});

describe('HTTP: hidden tools, the policy resource, and each caller’s own journal', () => {
  let sandbox: Sandbox;
  let server: ServerProcess;
  const journal = join(dir, 'http-audit.jsonl');
  const policy = write('http-policy.json', rules(DENY_DELETES));
  const alice = { 'x-paperspace-api-key': 'alice_key_0123456789' };
  const bob = { 'x-paperspace-api-key': 'bob_key_0123456789abc' };
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: true, transitionMs: 0 });
    server = await spawnHttpServer(
      ['--per-request-key', '--toolsets', 'all', '--policy', policy, '--audit-log', journal],
      { PAPERSPACE_API_URL: sandbox.baseUrl },
    );
  });
  afterAll(async () => {
    server?.kill('SIGTERM');
    await server?.exited;
    await sandbox?.close();
  });
  const read = async (client: Client, uri: string) => {
    const { contents } = await client.readResource({ uri });
    return JSON.parse(String((contents[0] as { text?: string }).text)) as Record<string, unknown>;
  };

  it('tools/list leaves out denied tools in both eras', async () => {
    for (const era of ['legacy', 'modern'] as const) {
      const client = await httpClient(server.url, { era, headers: alice });
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names, era).not.toContain('machines_delete');
      expect(names, era).toContain('machines_list');
      await client.close();
    }
  });

  it('paperspace://policy shows the rules in force, the file and when it was loaded', async () => {
    const client = await httpClient(server.url, { headers: alice });
    const body = await read(client, 'paperspace://policy');
    expect(body).toEqual({ file: policy, loadedAt: expect.any(String), rules: [DENY_DELETES] });
    await client.close();
  });

  it('paperspace://audit/recent shows each caller only their own entries', async () => {
    const a = await httpClient(server.url, { headers: alice });
    const b = await httpClient(server.url, { headers: bob });
    await a.callTool({ name: 'projects_create', arguments: { name: 'alice-project' } });
    await b.callTool({ name: 'projects_create', arguments: { name: 'bob-project' } });
    await b.callTool({ name: 'projects_delete', arguments: { id: 'pnothere1' } });
    const mine = (await read(a, 'paperspace://audit/recent')).entries as Array<Record<string, unknown>>;
    const theirs = (await read(b, 'paperspace://audit/recent')).entries as Array<Record<string, unknown>>;
    expect(mine.map((e) => [e.tool, e.target, e.outcome ?? 'intent'])).toEqual([
      ['projects_create', 'alice-project', 'applied'],
      ['projects_create', 'alice-project', 'intent'],
    ]);
    expect(theirs.map((e) => [e.tool, e.decision, e.outcome ?? 'intent'])).toEqual([
      ['projects_delete', 'denied', 'not-sent'],
      ['projects_create', 'allowed', 'applied'],
      ['projects_create', 'allowed', 'intent'],
    ]);
    expect(mine[0]?.caller).not.toBe(theirs[0]?.caller);
    expect(mine[0]?.client).toEqual({ name: 'http-test', version: expect.any(String) });
    const text = readFileSync(journal, 'utf8');
    for (const key of Object.values({ ...alice, ...bob })) expect(text).not.toContain(key);
    await a.close();
    await b.close();
  });
});

describe('audit verify', () => {
  it('exit 0 for an intact chain; exit 1 naming the first tampered line as line N', async () => {
    const file = join(dir, 'verify.jsonl');
    const { FileJournal } = await import('../../src/audit/file-journal.js');
    const journal = await FileJournal.open(file);
    for (const tool of ['projects_create', 'machines_stop', 'machines_start']) {
      await journal.append({ caller: '', tool, args: {}, decision: 'allowed', outcome: 'applied' });
    }
    await journal.close();
    expect(await run(['audit', 'verify', file])).toEqual({ code: 0, stdout: '3 entries, chain intact\n' });
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]?.replace('machines_stop', 'machines_list') ?? '';
    writeFileSync(file, lines.join('\n'));
    const tampered = await run(['audit', 'verify', file]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^line 2: /);
  });
});
