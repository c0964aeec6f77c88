import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { isLoopback } from '../../src/config/loopback.js';
import { HttpConfigError, httpOptionsOf, startHttpServer } from '../../src/transports/http/http.js';
import { AUTH_TOKEN, type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';
import { runToExit } from '../helpers/process.js';

/** A raw TCP connection to the server, recording what it answers and when it closes. */
function rawConnection(url: string): Promise<{ socket: Socket; received(): string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString();
    });
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', () => {});
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

/** Sends raw request text and resolves with everything answered until the server closes. */
async function exchange(url: string, text: string): Promise<string> {
  const connection = await rawConnection(url);
  connection.socket.write(text);
  await connection.closed;
  return connection.received();
}

/** Waits until a complete response (headers and the JSON body) has arrived on the connection. */
async function responseOn(connection: { received(): string; socket: Socket }): Promise<string> {
  while (!/\r\n\r\n\{.*\}$/s.test(connection.received())) {
    await new Promise((resolve) => connection.socket.once('data', resolve));
  }
  return connection.received();
}

const healthz = (keepAlive: boolean) =>
  `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`;

describe('Host header parsing', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--auth-token', AUTH_TOKEN]);
  });
  afterAll(() => h.close());

  it.each([
    'evil@127.0.0.1:PORT',
    'user:pass@localhost:PORT',
    '127.0.0.1:PORT/x',
    '127.0.0.1:99999',
    '127.0.0.1 :PORT',
    '[::1',
  ])('Host: %s gets 400, not 500', async (template) => {
    const port = new URL(h.http.url).port;
    const host = template.replace('PORT', port);
    const body = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    const answer = await exchange(
      h.http.url,
      `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${AUTH_TOKEN}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/the Host header must be host\[:port\]/);
  });
});

describe('loopback is decided by parsing the address', () => {
  it('knows loopback addresses from names that only look like them', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopback(host), host).toBe(true);
    }
    for (const host of [
      '127.attacker.example',
      '127.0.0.1.nip.io',
      '1270.0.0.1',
      'localhost.example.com',
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isLoopback(host), host).toBe(false);
    }
  });

  it('refuses to serve on 127.attacker.example without a token, in process and as the built binary', async () => {
    // The configuration refuses it at start-up; the server refuses it again if handed such options.
    expect(() => loadConfig(['--http', '--host', '127.attacker.example', '--port', '0'], {})).toThrow(
      /Refusing to listen on 127\.attacker\.example without a bearer token/,
    );
    const config = {
      ...loadConfig(['--http', '--host', '127.0.0.1', '--port', '0'], {}),
      host: '127.attacker.example',
    };
    await expect(
      startHttpServer(
        () => undefined as never,
        httpOptionsOf(config),
        () => {},
      ),
    ).rejects.toThrow(HttpConfigError);
    const run = await runToExit(['--http', '--host', '127.attacker.example', '--port', '0'], {
      PAPERSPACE_API_KEY: 'k',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Refusing to listen on 127\.attacker\.example without a bearer token/);
  });

  it('serves on another 127.0.0.0/8 address without a token', async () => {
    const h = await startHttpHarness(['--host', '127.0.0.2']);
    try {
      expect(h.http.url).toMatch(/^http:\/\/127\.0\.0\.2:/);
      expect((await fetch(h.http.url.replace('/mcp', '/healthz'))).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('2025-era sessions are capped per caller as well as in total', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness([
      '--per-request-key',
      '--max-sessions',
      '10',
      '--max-sessions-per-caller',
      '2',
    ]);
  });
  afterAll(() => h.close());

  it("one caller's third session gets 429 naming the cap; another caller still gets one", async () => {
    const key = (k: string) => ({ headers: { 'x-paperspace-api-key': k } });
    const first = await httpClient(h.http.url, key('caller-a-key'));
    const second = await httpClient(h.http.url, key('caller-a-key'));
    const refused = await httpClient(h.http.url, key('caller-a-key')).then(
      () => 'connected',
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/Too many open sessions for this caller \(2 at most\)/);
    const other = await httpClient(h.http.url, key('caller-b-key'));
    expect((await other.listTools()).tools.length).toBeGreaterThan(0);
    await Promise.allSettled([first, second, other].map((c) => c.close()));
  });
});

describe("the server's own timeouts", () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--auth-token', AUTH_TOKEN], {}, undefined, 60_000, undefined, undefined, {
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      keepAliveTimeoutMs: 2_000,
    });
  });
  afterAll(() => h.close());

  it('a client that never finishes its headers gets 408 and is disconnected', async () => {
    const answer = await exchange(h.http.url, 'POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a client that never finishes its body gets 408 and is disconnected', async () => {
    const answer = await exchange(
      h.http.url,
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${AUTH_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"jsonrpc":`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('idle keep-alive connections last the configured time, as announced', async () => {
    const connection = await rawConnection(h.http.url);
    connection.socket.write(healthz(true));
    const answer = await responseOn(connection);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/keep-alive: timeout=2\r\n/i);
    connection.socket.destroy();
  });
});

describe('connection cap', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--auth-token', AUTH_TOKEN, '--max-connections', '2']);
  });
  afterAll(() => h.close());

  it('a connection over --max-connections is closed without an answer; under it, served', async () => {
    const held = [await rawConnection(h.http.url), await rawConnection(h.http.url)];
    for (const connection of held) {
      connection.socket.write(healthz(true));
      expect(await responseOn(connection)).toMatch(/^HTTP\/1\.1 200 /);
    }
    expect(await exchange(h.http.url, healthz(false))).toBe('');
    for (const connection of held) connection.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    // The server may see the closes a little after the client: retry until a slot is free.
    let answer = '';
    for (let i = 0; i < 50 && answer === ''; i++) answer = await exchange(h.http.url, healthz(false));
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('the flag and its variable reach the server', () => {
    expect(httpOptionsOf(loadConfig(['--max-connections', '7'], {})).maxConnections).toBe(7);
    expect(httpOptionsOf(loadConfig([], { PAPERSPACE_MCP_MAX_CONNECTIONS: '9' })).maxConnections).toBe(9);
    expect(httpOptionsOf(loadConfig([], {})).maxConnections).toBe(512);
    expect(
      httpOptionsOf(loadConfig([], { PAPERSPACE_MCP_MAX_SESSIONS_PER_CALLER: '3' })).maxSessionsPerCaller,
    ).toBe(3);
  });

  it('a bad value of either flag stops start-up, naming it and what is allowed', () => {
    expect(() => loadConfig(['--max-connections', '0'], {})).toThrow(
      /Invalid --max-connections: must be at least 1/,
    );
    expect(() => loadConfig([], { PAPERSPACE_MCP_MAX_CONNECTIONS: '2000000' })).toThrow(
      /Invalid PAPERSPACE_MCP_MAX_CONNECTIONS: must be at most 1000000/,
    );
    expect(() => loadConfig(['--max-sessions-per-caller', 'many'], {})).toThrow(
      /Invalid --max-sessions-per-caller: expected a whole number, got "many"/,
    );
  });
});
