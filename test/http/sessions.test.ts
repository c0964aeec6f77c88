import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { httpOptionsOf } from '../../src/transports/http/http.js';
import { type HttpHarness, startHttpHarness } from '../helpers/http.js';

/**
 * 2025-era sessions of clients that never send DELETE (most of them) do not lock a caller out: at
 * its cap a caller's least recently used idle session makes room; a session with a request in
 * progress is never cut; with none idle, 429 and Retry-After. The per-address cap holds fresh keys
 * from one address to a bound and never closes another key's session.
 */

const JSON_RPC = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

interface Opened {
  status: number;
  id: string | null;
  retryAfter: string | null;
  message: string;
}

/** A raw 2025-era session, opened and left open as such clients do (initialize, initialized, no DELETE). */
async function open(url: string, headers: Record<string, string> = {}): Promise<Opened> {
  const init = await fetch(url, {
    method: 'POST',
    headers: { ...JSON_RPC, ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
  const text = await init.text();
  const id = init.headers.get('mcp-session-id');
  if (id) await send(url, id, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  return { status: init.status, id, retryAfter: init.headers.get('retry-after'), message: text };
}

async function send(url: string, id: string, message: object, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...JSON_RPC, ...headers, 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify(message),
  });
  return { status: response.status, text: await response.text() };
}

/** Whether the session still answers (a ping). */
const alive = async (url: string, id: string, headers: Record<string, string> = {}) =>
  (await send(url, id, { jsonrpc: '2.0', id: 1, method: 'ping' }, headers)).status === 200;

/** Opens a listening stream (GET) on the session and resolves once the server answered its headers. */
async function listen(url: string, id: string) {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', 'mcp-session-id': id, 'mcp-protocol-version': '2025-11-25' },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  return () => abort.abort();
}

describe('a caller at its session cap', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--max-sessions-per-caller', '3']);
  });
  afterAll(() => h.close());

  it('gets a new session in place of its least recently used idle one, however many it opens', async () => {
    const url = h.http.url;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await open(url)).id as string);
    const [a, b, c] = ids as [string, string, string];
    expect(await alive(url, a)).toBe(true); // a is now the most recently used: b goes first
    const d = await open(url);
    expect(d.status).toBe(200);
    expect(await alive(url, b)).toBe(false);
    for (const id of [a, c, d.id as string]) expect(await alive(url, id)).toBe(true);
    // Far past the cap, as a suite of scenarios or one Inspector process per call does.
    for (let i = 0; i < 25; i++) expect((await open(url)).status).toBe(200);
  });

  it('never cuts a session with a call in flight; that call completes', async () => {
    const url = h.http.url;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await open(url)).id as string);
    const [oldest, middle] = ids as [string, string, string];
    h.sandbox.faults.push({ kind: 'delay', ms: 1500, times: 1, path: '/auth/session' });
    const arrived = h.sandbox.nextRequest((r) => r.path === '/auth/session');
    const call = send(url, oldest, {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'auth_session_get', arguments: {} },
    });
    await arrived; // the oldest session's call is now in flight
    expect((await open(url)).status).toBe(200);
    expect(await alive(url, middle)).toBe(false);
    const done = await call;
    expect(done.status).toBe(200);
    expect(done.text).toContain('"result"');
    expect(done.text).not.toContain('"isError":true');
    expect(await alive(url, oldest)).toBe(true);
  });

  it('with no idle session, 429 with Retry-After; a session that goes idle makes room again', async () => {
    const url = h.http.url;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await open(url)).id as string);
    // Every session of the caller listens (a client that is still there): none may be cut.
    const stops = await Promise.all(ids.map((id) => listen(url, id)));
    const refused = await open(url);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(refused.message).toMatch(/Too many open sessions for this caller \(3 at most\)/);
    for (const id of ids) expect(await alive(url, id)).toBe(true);
    (stops[1] as () => void)();
    let next = await open(url);
    // The server learns of the closed stream when the socket closes: ask until it has.
    for (let i = 0; i < 100 && next.status === 429; i++) next = await open(url);
    expect(next.status).toBe(200);
    expect(await alive(url, ids[1] as string)).toBe(false);
    for (const stop of stops) stop();
  });
});

describe('the per-address cap', () => {
  let h: HttpHarness;
  const key = (k: string) => ({ 'x-paperspace-api-key': k });
  beforeAll(async () => {
    h = await startHttpHarness([
      '--per-request-key',
      '--max-sessions-per-caller',
      '2',
      '--max-sessions-per-address',
      '4',
    ]);
  });
  afterAll(() => h.close());

  it('holds fresh keys from one address to the cap with 429, and closes no other key’s session', async () => {
    const url = h.http.url;
    const opened: Array<[string, string]> = [];
    for (const k of ['junk-key-1', 'junk-key-2', 'junk-key-3', 'junk-key-4']) {
      const session = await open(url, key(k));
      expect(session.status).toBe(200);
      opened.push([k, session.id as string]);
    }
    const refused = await open(url, key('junk-key-5'));
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toMatch(/^\d+$/);
    expect(refused.message).toMatch(/Too many open sessions for this address \(4 at most/);
    for (const [k, id] of opened) expect(await alive(url, id, key(k))).toBe(true);
    // A key with an idle session of its own at this address may replace it.
    const again = await open(url, key('junk-key-1'));
    expect(again.status).toBe(200);
    expect(await alive(url, opened[0]?.[1] as string, key('junk-key-1'))).toBe(false);
    for (const [k, id] of opened.slice(1)) expect(await alive(url, id, key(k))).toBe(true);
  });

  it('the flag and its variable reach the server; the default is above the per-caller cap', () => {
    expect(httpOptionsOf(loadConfig(['--max-sessions-per-address', '7'], {})).maxSessionsPerAddress).toBe(7);
    expect(
      httpOptionsOf(loadConfig([], { PAPERSPACE_MCP_MAX_SESSIONS_PER_ADDRESS: '9' })).maxSessionsPerAddress,
    ).toBe(9);
    const defaults = httpOptionsOf(loadConfig([], {}));
    expect(defaults.maxSessionsPerAddress).toBeGreaterThan(defaults.maxSessionsPerCaller);
    expect(() => loadConfig(['--max-sessions-per-address', '0'], {})).toThrow(
      /Invalid --max-sessions-per-address: must be at least 1/,
    );
  });
});
