import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiOf } from '../../src/client/api.js';
import { PaperspaceClient, type RetryInfo } from '../../src/client/client.js';
import {
  ConnectionError,
  MissingApiKeyError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '../../src/client/errors.js';
import { apiPath } from '../../src/client/paths.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';

const KEY = 'client_test_key_7f3a';

describe('PaperspaceClient against the sandbox', () => {
  let sandbox: Sandbox;
  let client: PaperspaceClient;
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: KEY, transitionMs: 0 });
    client = new PaperspaceClient({ apiKey: KEY, baseUrl: sandbox.baseUrl, retryBaseMs: 5, timeoutMs: 400 });
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.log.length = 0;
    sandbox.faults.length = 0;
  });

  it('sends the bearer and parses JSON', async () => {
    const session = await client.request<{ user: { email: string } }>({
      method: 'GET',
      path: '/auth/session',
    });
    expect(session.user.email).toBe('ada@example.com');
    expect(sandbox.log[0]?.authorization).toBe(`Bearer ${KEY}`);
  });

  it('retries a GET on 503 and succeeds', async () => {
    sandbox.faults.push({ kind: 'status', status: 503, times: 2, path: '/auth/session' });
    await client.request({ method: 'GET', path: '/auth/session' });
    expect(sandbox.log.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('honours Retry-After on 429 before retrying a GET', async () => {
    sandbox.faults.push({ kind: 'status', status: 429, retryAfter: 1, times: 1 });
    const retries: RetryInfo[] = [];
    await client.request({ method: 'GET', path: '/auth/session', onRetry: (info) => retries.push(info) });
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, delayMs: 1000 })]);
    expect(sandbox.log.map((r) => r.status)).toEqual([429, 200]);
  });

  it('gives up after maxRetries with a ServerError carrying status and code', async () => {
    sandbox.faults.push({ kind: 'status', status: 500, times: 10 });
    const error = await client.request({ method: 'GET', path: '/auth/session' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, code: 'INTERNAL_SERVER_ERROR' });
    expect(sandbox.log).toHaveLength(4);
  });

  it('never re-sends a POST, whatever the failure', async () => {
    sandbox.faults.push({ kind: 'status', status: 503, times: 5 });
    await expect(
      client.request({ method: 'POST', path: '/projects', body: { name: 'x' } }),
    ).rejects.toBeInstanceOf(ServerError);
    sandbox.faults.length = 0;
    sandbox.faults.push({ kind: 'status', status: 429, retryAfter: 0, times: 5 });
    await expect(
      client.request({ method: 'POST', path: '/projects', body: { name: 'x' } }),
    ).rejects.toBeInstanceOf(RateLimitError);
    sandbox.faults.length = 0;
    sandbox.faults.push({ kind: 'reset', times: 5 });
    await expect(client.request({ method: 'PATCH', path: '/machines/x/stop' })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(sandbox.log.map((r) => r.method)).toEqual(['POST', 'POST', 'PATCH']);
  });

  it('retries a GET after a connection reset', async () => {
    sandbox.faults.push({ kind: 'reset', times: 1 });
    await client.request({ method: 'GET', path: '/auth/session' });
    expect(sandbox.log.map((r) => r.fault ?? r.status)).toEqual(['reset', 200]);
  });

  it('retries 200 times on one signal without leaving an abort listener behind (no MaxListenersExceededWarning)', async () => {
    const many = new PaperspaceClient({ apiKey: KEY, baseUrl: sandbox.baseUrl, maxRetries: 200 });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const controller = new AbortController();
    try {
      sandbox.faults.push({ kind: 'status', status: 503, retryAfter: 0, times: 201 });
      const error = await many
        .request({ method: 'GET', path: '/auth/session', signal: controller.signal })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(sandbox.log).toHaveLength(201);
      // A warning is emitted on a later tick: one more request lets it arrive if it was coming.
      await client.request({ method: 'GET', path: '/auth/session' });
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    } finally {
      process.off('warning', onWarning);
      await many.close();
    }
  });

  it('times out a hanging call with a TimeoutError', async () => {
    const once = new PaperspaceClient({
      apiKey: KEY,
      baseUrl: sandbox.baseUrl,
      timeoutMs: 200,
      maxRetries: 0,
    });
    sandbox.faults.push({ kind: 'hang', times: 1 });
    await expect(once.request({ method: 'GET', path: '/auth/session' })).rejects.toBeInstanceOf(TimeoutError);
    await once.close();
  });

  it('maps statuses to error classes with the API code and message', async () => {
    const wrong = new PaperspaceClient({ apiKey: 'wrong', baseUrl: sandbox.baseUrl });
    const error = await wrong.request({ method: 'GET', path: '/auth/session' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    await wrong.close();
    await expect(client.request({ method: 'GET', path: '/no-such-route' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('refuses to call without a key, naming the variable', async () => {
    const keyless = new PaperspaceClient({ baseUrl: sandbox.baseUrl });
    await expect(keyless.request({ method: 'GET', path: '/auth/session' })).rejects.toThrow(
      /PAPERSPACE_API_KEY/,
    );
    await expect(keyless.request({ method: 'GET', path: '/auth/session' })).rejects.toBeInstanceOf(
      MissingApiKeyError,
    );
    expect(sandbox.log).toHaveLength(0);
    await keyless.close();
  });

  it('a per-request key overrides the default key', async () => {
    const other = new PaperspaceClient({ apiKey: 'default-key', baseUrl: sandbox.baseUrl });
    await other.request({ method: 'GET', path: '/auth/session', apiKey: KEY });
    expect(sandbox.log[0]?.authorization).toBe(`Bearer ${KEY}`);
    await other.close();
  });

  it('list follows nextPage as after, lazily, and stops at maxPages', async () => {
    for (const name of ['one', 'two', 'three'])
      await client.request({ method: 'POST', path: '/datasets', body: { name } });
    sandbox.log.length = 0;
    const names: unknown[][] = [];
    const pages = apiOf(client).list<{ name: string }>(
      apiPath('/datasets'),
      {},
      { pageSize: 1, maxPages: 2 },
    );
    for await (const page of pages) names.push(page.items.map((d) => d.name));
    expect(names).toEqual([['three'], ['two']]);
    expect(sandbox.log.map((r) => r.query)).toEqual([
      { limit: '1' },
      { limit: '1', after: expect.any(String) },
    ]);
  });
});
