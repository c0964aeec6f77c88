import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';

/** What an agent reads after a failed call: the API's status and message, then what to do next. */
describe('error hints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      args: ['--toolsets', 'all'],
      clientOptions: { maxRetries: 0, timeoutMs: 200 },
    });
  });
  afterAll(() => h.close());

  const failWith = async (status: number, retryAfter?: number) => {
    h.sandbox.faults.push({
      kind: 'status',
      status,
      times: 1,
      path: '/machines',
      ...(retryAfter ? { retryAfter } : {}),
    });
    const result = await h.call('machines_list');
    expect(result.isError).toBe(true);
    return textOf(result);
  };

  it('401: the key', async () => {
    expect(await failWith(401)).toMatch(
      /error 401 .*Check PAPERSPACE_API_KEY: it is missing, wrong or revoked\.$/,
    );
  });

  it('403: the key is valid but not allowed', async () => {
    expect(await failWith(403)).toMatch(
      /The API key is valid but not allowed to do this \(team role or resource ownership\)\.$/,
    );
  });

  it('409: fetch again', async () => {
    expect(await failWith(409)).toMatch(
      /The resource is in a conflicting state; fetch it again and retry when it allows\.$/,
    );
  });

  it('429: retry after the seconds the API asked for', async () => {
    expect(await failWith(429, 7)).toMatch(/Rate limited: retry after 7 s\.$/);
  });

  it('404 of an id in the path: the list tool that finds ids', async () => {
    const result = await h.call('machines_get', { id: 'psnothere' });
    expect(textOf(result)).toMatch(/error 404 .*Check the id: machines_list lists what exists\.$/);
    const version = await h.call('datasets_versions_get', { datasetId: 'dsnothere', version: 'v1' });
    expect(textOf(version)).toMatch(/Check the id: datasets_versions_list lists what exists\.$/);
  });

  it('404 of a create: the ids in the arguments, not the list of what was being created', async () => {
    const result = await h.call('machines_create', {
      name: 'm',
      machineType: 'C5',
      templateId: 'tnothere',
      diskSize: 50,
      region: 'ny2',
    });
    expect(textOf(result)).toMatch(
      /error 404 .*Something the arguments refer to does not exist: check the ids in them\.$/,
    );
    expect(textOf(result)).not.toContain('machines_list');
  });

  it('a timeout of a read: nothing was changed', async () => {
    h.sandbox.faults.push({ kind: 'hang', times: 1, path: '/machines' });
    const result = await h.call('machines_list');
    expect(textOf(result)).toBe(
      'Paperspace did not answer within 200 ms. Nothing was changed; retry in a moment.',
    );
  });
});

describe('the 404 hint names only tools this server offers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ args: ['--tools', 'machines_get'] });
  });
  afterAll(() => h.close());

  it('without machines_list it does not point there', async () => {
    const result = await h.call('machines_get', { id: 'psnothere' });
    expect(textOf(result)).toMatch(/Check the id: it does not exist or this API key cannot see it\.$/);
  });
});
