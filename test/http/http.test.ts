import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { confirmTokenIn } from '../helpers/harness.js';
import { AUTH_TOKEN, type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';

const text = (r: { content?: unknown }) => JSON.stringify(r.content);
describe.each(['legacy', 'modern'] as const)('Streamable HTTP (%s era)', (era) => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--toolsets', 'all', '--auth-token', AUTH_TOKEN]);
  });
  afterAll(() => h.close());
  const auth = { authorization: `Bearer ${AUTH_TOKEN}` };

  it('lists tools and calls one', async () => {
    const client = await httpClient(h.http.url, { era, headers: auth });
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(OPERATIONS.length);
    const result = await client.callTool({ name: 'auth_session_get', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ user: { email: 'ada@example.com' } });
    await client.close();
  });

  it('answers a call of a tool that does not exist with an error naming it', async () => {
    const client = await httpClient(h.http.url, { era, headers: auth });
    const outcome = await client
      .callTool({ name: 'machines_explode', arguments: {} })
      .then((r) => JSON.stringify(r))
      .catch((e: Error) => e.message);
    expect(outcome).toMatch(/machines_explode/);
    expect(outcome).toMatch(/not found/i);
    await client.close();
  });

  it('gates a destructive call with a token for a client that cannot elicit', async () => {
    const client = await httpClient(h.http.url, { era, headers: auth });
    const created = await client.callTool({ name: 'projects_create', arguments: { name: `gate-${era}` } });
    const id = (created.structuredContent as { id: string }).id;
    const before = h.sandbox.log.length;
    const preview = await client.callTool({ name: 'projects_delete', arguments: { id } });
    expect(preview.isError).toBe(true);
    const token = confirmTokenIn(preview);
    expect(token).toBeDefined();
    expect(h.sandbox.log.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    const done = await client.callTool({ name: 'projects_delete', arguments: { id, confirm: token } });
    expect(done.isError, text(done)).toBeFalsy();
    expect(h.sandbox.log.slice(before).filter((r) => r.method === 'DELETE')).toHaveLength(1);
    await client.close();
  });

  it('gates a destructive call with elicitation when the client can ask', async () => {
    const client = await httpClient(h.http.url, { era, headers: auth, elicit: 'accept' });
    const created = await client.callTool({ name: 'projects_create', arguments: { name: `elicit-${era}` } });
    const id = (created.structuredContent as { id: string }).id;
    const before = h.sandbox.log.length;
    const done = await client.callTool({ name: 'projects_delete', arguments: { id } });
    expect(done.isError, text(done)).toBeFalsy();
    expect(h.sandbox.log.slice(before).filter((r) => r.method === 'DELETE')).toHaveLength(1);
    await client.close();
  });

  it('streams progress while an API call is retried, then the result', async () => {
    const client = await httpClient(h.http.url, { era, headers: auth });
    h.sandbox.faults.push({ kind: 'status', status: 503, times: 2, path: '/auth/session' });
    const heard: string[] = [];
    const result = await client.callTool(
      { name: 'auth_session_get', arguments: {} },
      { onprogress: (p) => heard.push(p.message ?? '') },
    );
    expect(result.isError, text(result)).toBeFalsy();
    expect(heard).toHaveLength(2);
    expect(heard[0]).toMatch(/^GET \/auth\/session got HTTP 503; retrying in \d+ ms/);
    await client.close();
  });

  it('tells a listening client that the resource list changed when another client creates a dataset', async () => {
    const watcher = await httpClient(h.http.url, { era, headers: auth });
    let changes = 0;
    let announced: () => void = () => {};
    const changed = new Promise<void>((resolve) => {
      announced = resolve;
    });
    watcher.setNotificationHandler('notifications/resources/list_changed', () => {
      changes++;
      announced();
    });
    const listening = era === 'modern' ? await watcher.listen({ resourcesListChanged: true }) : undefined;
    // 2025-era notifications reach the session that made the change; 2026-07-28 ones any listener.
    const actor = era === 'modern' ? await httpClient(h.http.url, { era, headers: auth }) : watcher;
    await actor.callTool({
      name: 'datasets_create',
      arguments: { name: `announced-${era}`, isPublic: false },
    });
    await changed;
    // Nothing more: a later call's answer on the same streams comes after any further notice.
    await actor.callTool({ name: 'datasets_list', arguments: {} });
    await watcher.listTools();
    expect(changes).toBe(1);
    await listening?.close();
    if (actor !== watcher) await actor.close();
    await watcher.close();
  });
});

describe('HTTP security defaults', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--auth-token', AUTH_TOKEN]);
  });
  afterAll(() => h.close());
  const init = (headers: Record<string, string>, body = '{"jsonrpc":"2.0","id":1,"method":"ping"}') => ({
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });

  it('GET /healthz answers without auth and without data', async () => {
    const res = await fetch(h.http.url.replace('/mcp', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('401 with WWW-Authenticate without the token or with a wrong one', async () => {
    const missing = await fetch(h.http.url, init({}));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(h.http.url, init({ authorization: 'Bearer nope-nope-nope-nope' }));
    expect(wrong.status).toBe(401);
  });

  it('403 for a foreign Origin or Host (DNS rebinding)', async () => {
    const auth = { authorization: `Bearer ${AUTH_TOKEN}` };
    const origin = await fetch(h.http.url, init({ ...auth, origin: 'https://evil.example' }));
    expect(origin.status).toBe(403);
    const url = new URL(h.http.url);
    const { request } = await import('node:http');
    const host = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/mcp',
          method: 'POST',
          headers: { ...init(auth).headers, host: 'evil.example' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end(init(auth).body);
    });
    expect(host).toBe(403);
    const local = await fetch(h.http.url, init({ ...auth, origin: `http://localhost:${url.port}` }));
    expect(local.status).not.toBe(403);
  });

  it('413 for an oversized body', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(70 * 1024) },
    });
    const res = await fetch(h.http.url, init({ authorization: `Bearer ${AUTH_TOKEN}` }, big));
    expect(res.status).toBe(413);
  });

  it('404 off the /mcp path', async () => {
    const res = await fetch(
      h.http.url.replace('/mcp', '/other'),
      init({ authorization: `Bearer ${AUTH_TOKEN}` }),
    );
    expect(res.status).toBe(404);
  });
});

describe('2025-era sessions are capped and expire when idle', () => {
  let h: HttpHarness;
  let elapsed = 0; // moved forward instead of waiting for sessions to go idle
  beforeAll(async () => {
    h = await startHttpHarness(
      ['--max-sessions', '2'],
      {},
      undefined,
      1500,
      undefined,
      () => Date.now() + elapsed,
    );
  });
  afterAll(() => h.close());

  it('refuses a session over the cap with 503, serves 2026-07-28 clients regardless, and frees idle ones', async () => {
    const first = await httpClient(h.http.url);
    const second = await httpClient(h.http.url);
    const refused = await httpClient(h.http.url).then(
      () => 'connected',
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/Too many open sessions/);
    const modern = await httpClient(h.http.url, { era: 'modern' });
    expect((await modern.listTools()).tools.length).toBeGreaterThan(0);

    elapsed += 1800;
    const third = await httpClient(h.http.url);
    expect((await third.listTools()).tools.length).toBeGreaterThan(0);
    const expired = await first.listTools().then(
      () => 'served',
      (error: Error) => error.message,
    );
    expect(expired).toMatch(/Session not found/);
    await Promise.allSettled([first, second, third, modern].map((c) => c.close()));
  });
});
