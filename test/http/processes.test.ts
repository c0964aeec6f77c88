import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { confirmTokenIn } from '../helpers/harness.js';
import { httpClient } from '../helpers/http.js';
import { runToExit, type ServerProcess, spawnHttpServer } from '../helpers/process.js';
import { roundRobin } from '../helpers/round-robin.js';

describe('HTTP server processes', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ transitionMs: 0 });
  });
  afterAll(() => sandbox.close());

  it('listens on loopback only unless told otherwise', async () => {
    const server = await spawnHttpServer([], {
      PAPERSPACE_API_KEY: 'k',
      PAPERSPACE_API_URL: sandbox.baseUrl,
    });
    try {
      const { hostname, port } = new URL(server.url);
      expect(hostname).toBe('127.0.0.1');
      const outward = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a && a.family === 'IPv4' && !a.internal)
        .map((a) => a?.address as string);
      for (const address of outward) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = connect(Number(port), address);
          socket.once('connect', () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
          socket.setTimeout(2000, () => {
            socket.destroy();
            resolve('timeout');
          });
        });
        expect(outcome, address).not.toBe('connected');
      }
    } finally {
      server.kill('SIGTERM');
      await server.exited;
    }
  });

  it('refuses to start on a non-loopback host without a bearer token', async () => {
    const { code, stderr } = await runToExit(['--http', '--host', '0.0.0.0', '--port', '0'], {
      PAPERSPACE_API_KEY: 'k',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/without a bearer token/);
  });

  it('two replicas with one secret serve a 2026-07-28 client interchangeably, token minted on one redeemed on the other', async () => {
    const env = {
      PAPERSPACE_API_KEY: 'replica_key',
      PAPERSPACE_API_URL: sandbox.baseUrl,
      PAPERSPACE_MCP_SECRET: 'shared-secret-for-both-replicas',
    };
    const a = await spawnHttpServer(['--toolsets', 'all'], env);
    const b = await spawnHttpServer(['--toolsets', 'all'], env);
    const proxy = await roundRobin([a.url, b.url]);
    try {
      const client = await httpClient(proxy.url, { era: 'modern', headers: { host: new URL(a.url).host } });
      const created = await client.callTool({ name: 'projects_create', arguments: { name: 'replicated' } });
      const id = (created.structuredContent as { id: string }).id;
      const hitsBefore = [...proxy.hits];
      const preview = await client.callTool({ name: 'projects_delete', arguments: { id } });
      const token = confirmTokenIn(preview);
      expect(token).toBeDefined();
      const done = await client.callTool({ name: 'projects_delete', arguments: { id, confirm: token } });
      expect(done.isError, JSON.stringify(done.content)).toBeFalsy();
      // The preview and the confirmation landed on different replicas.
      expect(proxy.hits[0]).toBeGreaterThan(hitsBefore[0] as number);
      expect(proxy.hits[1]).toBeGreaterThan(hitsBefore[1] as number);
      expect(sandbox.log.filter((r) => r.method === 'DELETE' && r.path === `/projects/${id}`)).toHaveLength(
        1,
      );
      await client.close();
    } finally {
      proxy.server.close();
      a.kill('SIGTERM');
      b.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
    }
  });

  it('logs structured JSON lines on stderr that never hold a key, the auth token or the secret', async () => {
    const secrets = {
      PAPERSPACE_API_KEY: 'canary_api_key_7f3a9c',
      PAPERSPACE_MCP_AUTH_TOKEN: 'canary-auth-token-5d2e8b41',
      PAPERSPACE_MCP_SECRET: 'canary-signing-secret-0c9d4e',
    };
    const callerKey = 'canary_caller_key_b61f02';
    const shared = await spawnHttpServer(['--toolsets', 'all'], {
      ...secrets,
      PAPERSPACE_API_URL: sandbox.baseUrl,
    });
    const tenant = await spawnHttpServer(['--toolsets', 'all', '--per-request-key'], {
      ...secrets,
      PAPERSPACE_API_URL: sandbox.baseUrl,
    });
    try {
      const auth = { authorization: `Bearer ${secrets.PAPERSPACE_MCP_AUTH_TOKEN}` };
      for (const [server, headers] of [
        [shared, auth],
        [tenant, { ...auth, 'x-paperspace-api-key': callerKey }],
      ] as const) {
        await fetch(server.url, { method: 'POST', headers: { authorization: 'Bearer wrong-token-123456' } });
        await fetch(server.url, { method: 'POST', headers: { ...headers, origin: 'http://evil.example' } });
        const client = await httpClient(server.url, { era: 'modern', headers });
        sandbox.faults.push({ kind: 'status', status: 503, times: 1, path: '/auth/session' });
        await client.callTool({ name: 'auth_session_get', arguments: {} });
        await client.callTool({ name: 'machines_get', arguments: { id: 'psnothere' } });
        const created = await client.callTool({ name: 'projects_create', arguments: { name: 'logged' } });
        const id = (created.structuredContent as { id: string }).id;
        const preview = await client.callTool({ name: 'projects_delete', arguments: { id } });
        await client.callTool({
          name: 'projects_delete',
          arguments: { id, confirm: confirmTokenIn(preview) },
        });
        await client.close();
      }
    } finally {
      shared.kill('SIGTERM');
      tenant.kill('SIGTERM');
      await Promise.all([shared.exited, tenant.exited]);
    }
    for (const stderr of [shared.stderr(), tenant.stderr()]) {
      const lines = stderr.trim().split('\n');
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      expect(stderr).toMatch(/"msg":"retry"/);
      // Refused requests are logged (the wrong token, the foreign origin); successful calls are not.
      const requests = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'http');
      expect(requests.map((e) => e.status)).toEqual([401, 403]);
      for (const secret of [...Object.values(secrets), callerKey]) expect(stderr).not.toContain(secret);
    }
  });

  it('on SIGTERM finishes the in-flight call, then exits 0', async () => {
    const server: ServerProcess = await spawnHttpServer(['--toolsets', 'auth'], {
      PAPERSPACE_API_KEY: 'k',
      PAPERSPACE_API_URL: sandbox.baseUrl,
    });
    const client = await httpClient(server.url, { era: 'modern' });
    sandbox.faults.push({ kind: 'delay', ms: 600, times: 1, path: '/auth/session' });
    const arrived = sandbox.nextRequest((r) => r.path === '/auth/session');
    const call = client.callTool({ name: 'auth_session_get', arguments: {} });
    await arrived; // in flight: the sandbox holds the answer for 600 ms
    server.kill('SIGTERM');
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toMatch(/SIGTERM/);
  });
});
