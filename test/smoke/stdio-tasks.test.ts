import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DIST_ENTRY } from '../helpers/spawn.js';

/**
 * Tasks over stdio: a 2026-07-28 connection that declares the extension polls a long call as a
 * task (the one client owns every task); a 2025-era connection is offered nothing of it.
 */
const TASKS = 'io.modelcontextprotocol/tasks';

function spawnStdio() {
  const child: ChildProcess = spawn(process.execPath, [DIST_ENTRY, '--sandbox', '--toolsets', 'all'], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
      buffered = buffered.slice(nl + 1);
      waiting.get(message.id as number)?.(message);
    }
  });
  let id = 0;
  const send = (method: string, params: Record<string, unknown>, meta?: Record<string, unknown>) =>
    new Promise<{ result?: Record<string, unknown>; error?: { code: number } }>((resolve) => {
      const n = ++id;
      waiting.set(n, resolve as (m: Record<string, unknown>) => void);
      const body = { jsonrpc: '2.0', id: n, method, params: meta ? { ...params, _meta: meta } : params };
      child.stdin?.write(`${JSON.stringify(body)}\n`);
    });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    send,
    async close() {
      child.stdin?.end();
      await exited;
    },
  };
}

const modern = (tasks: boolean) => ({
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'stdio-tasks', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': tasks ? { extensions: { [TASKS]: {} } } : {},
});

describe('tasks over stdio', () => {
  let server: ReturnType<typeof spawnStdio> | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('a 2026-07-28 client with the extension gets machines_start as a task that completes', async () => {
    server = spawnStdio();
    const list = await server.send(
      'tools/call',
      { name: 'machines_list', arguments: { limit: 120 } },
      modern(false),
    );
    const items = (list.result?.structuredContent as { items?: Array<{ id: string; state: string }> })?.items;
    const id = items?.find((m) => m.state === 'off')?.id as string;
    const created = await server.send(
      'tools/call',
      { name: 'machines_start', arguments: { id } },
      modern(true),
    );
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    const taskId = created.result?.taskId as string;
    for (;;) {
      const got = await server.send('tasks/get', { taskId }, modern(true));
      if (got.result?.status === 'completed') {
        expect(got.result.result).toMatchObject({ structuredContent: { data: { id, state: 'ready' } } });
        break;
      }
      expect(got.result?.status).toBe('working');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('a 2025-era session gets the result it always got, and no tasks/*', async () => {
    server = spawnStdio();
    await server.send('initialize', {
      protocolVersion: '2025-11-25',
      capabilities: { extensions: { [TASKS]: {} } },
      clientInfo: { name: 'legacy', version: '1' },
    });
    const list = await server.send('tools/call', { name: 'machines_list', arguments: { limit: 120 } });
    const items = (list.result?.structuredContent as { items?: Array<{ id: string; state: string }> })?.items;
    const id = items?.find((m) => m.state === 'off')?.id as string;
    const started = await server.send('tools/call', { name: 'machines_start', arguments: { id } });
    expect(started.result).not.toHaveProperty('taskId');
    expect(started.result).toMatchObject({ structuredContent: { data: { id, state: 'starting' } } });
    const get = await server.send('tasks/get', { taskId: 'any' });
    expect(get.error?.code).toBe(-32601);
  });
});
