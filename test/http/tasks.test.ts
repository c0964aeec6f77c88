import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { confirmTokenIn } from '../helpers/harness.js';
import { type HttpHarness, startHttpHarness } from '../helpers/http.js';
import { type ServerProcess, spawnHttpServer } from '../helpers/process.js';
import { itWithRedis, REDIS_BINARY, type RedisServer, startRedis } from '../helpers/redis.js';
import { call, machineIn, pollTask, rpc, TASKS } from '../helpers/tasks-wire.js';

/**
 * Long calls as MCP Tasks (io.modelcontextprotocol/tasks) on the real HTTP server against the
 * sandbox, spoken as a 2026-07-28 client speaks it (raw JSON-RPC, test/helpers/tasks-wire.ts).
 */
const stoppedMachine = (url: string, options = {}) => machineIn(url, 'off', options);

describe('long calls as tasks over HTTP', () => {
  let sandbox: Sandbox;
  let h: HttpHarness;
  beforeAll(async () => {
    // Transitions wait for the test (sandbox.store.settle()), so a task is seen working first.
    sandbox = await startSandbox({ seed: true, transitionMs: 600_000 });
    h = await startHttpHarness(['--toolsets', 'all', '--per-request-key'], {}, sandbox);
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });
  const alice = { key: 'alice_key_0123456789' };
  const bob = { key: 'bob_key_0123456789abc' };

  it('machines_start on a stopped machine is a task that completes with the machine ready', async () => {
    const url = h.http.url;
    const id = await stoppedMachine(url, alice);
    const created = await call(url, 'machines_start', { id }, { tasks: true, ...alice });
    expect(created.error).toBeUndefined();
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working', ttlMs: 3_600_000 });
    const taskId = created.result?.taskId as string;
    const working = await pollTask(url, taskId, (t) => String(t.statusMessage).includes('starting'), alice);
    expect(working).toMatchObject({ status: 'working', resultType: 'complete' });
    sandbox.store.settleAll();
    const done = await pollTask(url, taskId, (t) => t.status === 'completed', alice);
    const result = done.result as {
      isError?: boolean;
      structuredContent: { data: { id: string; state: string } };
    };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.data).toMatchObject({ id, state: 'ready' });
    // The final machine only: the start call's event (still 'new' when it answered) is not kept.
    expect(result.structuredContent).not.toHaveProperty('event');
    // Only the task's caller sees it: another caller's tasks/get, update and cancel are -32602.
    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      const other = await rpc(url, method, { taskId }, { tasks: true, ...bob });
      expect(other.error?.code).toBe(-32602);
    }
    await call(url, 'machines_stop', { id }, alice);
    sandbox.store.settleAll();
  });

  it('a cancelled task ends cancelled and says what the API may still be doing', async () => {
    const url = h.http.url;
    const id = await stoppedMachine(url, alice);
    const created = await call(url, 'machines_start', { id }, { tasks: true, ...alice });
    const taskId = created.result?.taskId as string;
    await pollTask(url, taskId, (t) => String(t.statusMessage).includes('starting'), alice);
    const ack = await rpc(url, 'tasks/cancel', { taskId }, { tasks: true, ...alice });
    expect(ack.result).toEqual(expect.objectContaining({ resultType: 'complete' }));
    expect(ack.result).not.toHaveProperty('status');
    const cancelled = await pollTask(url, taskId, (t) => t.status !== 'working', alice);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.statusMessage).toMatch(/machine may go on starting .* machines_stop/);
    sandbox.store.settleAll();
    expect((await pollTask(url, taskId, () => true, alice)).status).toBe('cancelled');
    await call(url, 'machines_stop', { id }, alice);
    sandbox.store.settleAll();
  });

  it('a gated call asks before any task exists; the confirmed call is the task', async () => {
    const url = h.http.url;
    const id = await machineIn(url, 'ready', alice);
    const before = sandbox.log.length;
    const asked = await call(url, 'machines_stop', { id }, { tasks: true, ...alice });
    expect(asked.result).not.toHaveProperty('taskId');
    expect(asked.result?.resultType).not.toBe('task');
    const token = confirmTokenIn(asked.result as { content?: unknown });
    expect(token).toEqual(expect.any(String));
    expect(sandbox.log.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    const created = await call(url, 'machines_stop', { id, confirm: token }, { tasks: true, ...alice });
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
    const taskId = created.result?.taskId as string;
    await pollTask(url, taskId, (t) => String(t.statusMessage).includes('stopping'), alice);
    sandbox.store.settleAll();
    const done = await pollTask(url, taskId, (t) => t.status === 'completed', alice);
    expect(done.result).toMatchObject({ structuredContent: { data: { id, state: 'off' } } });
    await call(url, 'machines_start', { id }, alice);
    sandbox.store.settleAll();
  });

  it('deployments_upsert as a task completes when the rollout is ready, with that run', async () => {
    const url = h.http.url;
    const project = await call(url, 'projects_list', { limit: 1 }, alice);
    const projects = project.result?.structuredContent as { items?: Array<{ id: string }> } | undefined;
    const projectId = projects?.items?.[0]?.id;
    const config = {
      apiVersion: 'latest',
      name: 'task-api',
      image: 'paperspace/stable-diffusion-webui:1.9.0',
      resources: { machineType: 'A4000', ports: [7860], replicas: 2 },
    };
    let created = await call(url, 'deployments_upsert', { projectId, config }, { tasks: true, ...alice });
    const token = confirmTokenIn(created.result as { content?: unknown });
    if (token) {
      created = await call(
        url,
        'deployments_upsert',
        { projectId, config, confirm: token },
        { tasks: true, ...alice },
      );
    }
    expect(created.result).toMatchObject({ resultType: 'task' });
    const taskId = created.result?.taskId as string;
    await pollTask(url, taskId, (t) => String(t.statusMessage).includes('0/2 replicas ready'), alice);
    sandbox.store.settleAll();
    const done = await pollTask(url, taskId, (t) => t.status === 'completed', alice);
    expect(done.result).not.toHaveProperty('isError');
    expect(done.result).toMatchObject({
      structuredContent: { deploymentId: expect.any(String), run: { replicas: 2, readyReplicas: 2 } },
    });
  });

  it('a client without the extension gets the result it always got, and no tasks/*', async () => {
    const url = h.http.url;
    const id = await stoppedMachine(url, alice);
    const plain = await call(url, 'machines_start', { id }, alice);
    expect(plain.result).not.toHaveProperty('taskId');
    expect(plain.result).toMatchObject({ structuredContent: { data: { id, state: 'starting' } } });
    expect(plain.result?.isError).toBeFalsy();
    const get = await rpc(url, 'tasks/get', { taskId: 'whatever' }, alice);
    expect(get.status).toBe(400);
    expect(get.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: { [TASKS]: {} } } },
    });
    const discover = await rpc(url, 'server/discover', {}, alice);
    expect(discover.result?.capabilities).toMatchObject({ extensions: { [TASKS]: {} } });
    expect(discover.result?.capabilities).not.toHaveProperty('tasks');
    sandbox.store.settleAll();
    await call(url, 'machines_stop', { id }, alice);
    sandbox.store.settleAll();
  });
});

describe('tasks shared by two replicas through Redis', () => {
  let sandbox: Sandbox;
  let redis: RedisServer | undefined;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: true, transitionMs: 600_000 });
    if (REDIS_BINARY) redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await redis?.stop();
    await sandbox.close();
  });

  itWithRedis('a task started on one replica is answered by the other until it completes', async () => {
    const env = {
      PAPERSPACE_API_KEY: 'replica_key',
      PAPERSPACE_API_URL: sandbox.baseUrl,
      PAPERSPACE_MCP_REDIS_URL: (redis as RedisServer).url,
    };
    const a = await spawnHttpServer(['--toolsets', 'all'], env);
    const b = await spawnHttpServer(['--toolsets', 'all'], env);
    servers.push(a, b);
    const id = await stoppedMachine(a.url);
    const created = await call(a.url, 'machines_start', { id }, { tasks: true });
    const taskId = created.result?.taskId as string;
    expect(created.result).toMatchObject({ resultType: 'task' });
    const seen = await pollTask(b.url, taskId, (t) => String(t.statusMessage).includes('starting'));
    expect(seen).toMatchObject({ taskId, status: 'working' });
    sandbox.store.settleAll();
    const done = await pollTask(b.url, taskId, (t) => t.status === 'completed');
    expect(done.result).toMatchObject({ structuredContent: { data: { id, state: 'ready' } } });
  });
});
