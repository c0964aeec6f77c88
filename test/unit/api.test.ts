import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiOf } from '../../src/client/api.js';
import { PaperspaceClient } from '../../src/client/client.js';
import { InvalidArgumentError, UnauthorizedError } from '../../src/client/errors.js';
import { apiPath } from '../../src/client/paths.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';

const KEY = 'api_test_key_51c9';

describe('apiPath: the one place an API path is made', () => {
  it('percent-encodes each parameter into its segment', () => {
    expect(apiPath('/projects/{id}/collaborators/{userId}', { id: 'p/1', userId: 'a b?' })).toBe(
      '/projects/p%2F1/collaborators/a%20b%3F',
    );
  });

  it.each(['.', '..', '', 'a\u0000b', 'x'.repeat(257)])(
    'refuses %j by the id rule, naming the parameter',
    (id) => {
      expect(() => apiPath('/machines/{id}', { id })).toThrow(InvalidArgumentError);
      expect(() => apiPath('/machines/{id}', { id })).toThrow(/^id must be an id of 1–256 characters/);
    },
  );
});

describe('the API accessor against the sandbox', () => {
  let sandbox: Sandbox;
  let client: PaperspaceClient;
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: KEY, transitionMs: 0 });
    client = new PaperspaceClient({ apiKey: KEY, baseUrl: sandbox.baseUrl, retryBaseMs: 5 });
    const api = apiOf(client);
    for (const name of ['one', 'two', 'three']) await api.send('POST', apiPath('/datasets'), { name });
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.log.length = 0;
  });

  it('records what it sent, and only what can change something', async () => {
    const api = apiOf(client);
    await api.get(apiPath('/datasets'));
    expect(api.record.any).toBe(false);
    const created = await api.send<{ id: string }>('POST', apiPath('/datasets'), { name: 'four' });
    await api.send('DELETE', apiPath('/datasets/{id}', { id: created.id }));
    expect(api.record.sent.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /datasets',
      `DELETE /datasets/${created.id}`,
    ]);
  });

  it('keeps one record across another signal', async () => {
    const api = apiOf(client, { signal: new AbortController().signal });
    await api.on(undefined).send('POST', apiPath('/datasets'), { name: 'five' });
    expect(api.record.any).toBe(true);
  });

  it('collect stops at the bound and says the list is incomplete', async () => {
    const api = apiOf(client);
    const cut = await api.collect<{ name: string }>(apiPath('/datasets'), {}, { maxPages: 2, pageSize: 1 });
    expect(cut.items).toHaveLength(2);
    expect(cut.complete).toBe(false);
    expect(sandbox.log.map((r) => r.query)).toEqual([
      { limit: '1' },
      { limit: '1', after: expect.any(String) },
    ]);
    const whole = await api.collect(apiPath('/datasets'), {}, { maxPages: 10 });
    expect(whole.complete).toBe(true);
  });

  it('list starts at the cursor the query names', async () => {
    const api = apiOf(client);
    const first = (await api.list(apiPath('/datasets'), {}, { maxPages: 1, pageSize: 1 }).next()).value;
    const cursor = first?.nextPage ?? undefined;
    const second = (
      await api.list(apiPath('/datasets'), { after: cursor }, { maxPages: 1, pageSize: 1 }).next()
    ).value;
    expect(sandbox.log.map((r) => r.query)).toEqual([{ limit: '1' }, { limit: '1', after: cursor }]);
    expect(cursor).toEqual(expect.any(String));
    expect(second?.items).not.toEqual(first?.items);
  });

  it('find answers undefined for a 404 and rethrows other failures', async () => {
    const api = apiOf(client);
    expect(await api.find(apiPath('/datasets/{id}', { id: 'dsmissing' }))).toBeUndefined();
    await expect(
      apiOf(client, { apiKey: 'wrong' }).find(apiPath('/datasets/{id}', { id: 'x' })),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
