import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type Harness, startHarness, textOf } from '../helpers/harness.js';

const GHCR = {
  name: 'ghcr-ml',
  kind: 'ghcr',
  namespace: 'analytical-engines',
  url: 'ghcr.io',
  username: 'ada',
  password: 'ghp_s3cretToken',
};

describe('container registry tools against the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
  });
  afterAll(() => h.close());

  async function create(args: Record<string, unknown> = GHCR): Promise<Record<string, unknown>> {
    const result = await h.call('container_registries_create', args);
    expect(result.isError).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  }

  it('container_registries_create sends POST /container-registries and never answers the password', async () => {
    h.clearLog();
    const result = await h.call('container_registries_create', GHCR);
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('POST', '/container-registries', {}, GHCR)]);
    const { password: _, ...shown } = GHCR;
    expect(result.structuredContent).toMatchObject({ ...shown, id: expect.any(String) });
    expect(result.structuredContent?.dtCreated).toBe(result.structuredContent?.dtModified);
    expect(result.structuredContent).not.toHaveProperty('password');
    expect(textOf(result)).not.toContain(GHCR.password);
  });

  it('kind defaults to other; a URL that breaks the provider rules is a 400', async () => {
    const other = await create({
      name: 'harbor',
      namespace: 'ml',
      url: 'harbor.example.com',
      username: 'bot',
      password: 'x',
    });
    expect(other.kind).toBe('other');
    const before = h.sandbox.store.table('containerRegistries').size;
    const bad = await h.call('container_registries_create', { ...GHCR, kind: 'dockerhub', url: 'quay.io' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('400');
    expect(h.sandbox.store.table('containerRegistries').size).toBe(before);
  });

  it('container_registries_get sends GET /container-registries/{id}', async () => {
    const registry = await create();
    h.clearLog();
    const result = await h.call('container_registries_get', { id: registry.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', `/container-registries/${registry.id}`)]);
    expect(result.structuredContent).toEqual(registry);
  });

  it('container_registries_get of an unknown id is a 404', async () => {
    const result = await h.call('container_registries_get', { id: 'crmissing1' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });

  it('container_registries_list sends GET /container-registries and pages newest first', async () => {
    const a = await create({ ...GHCR, name: 'page-a' });
    const b = await create({ ...GHCR, name: 'page-b' });
    h.clearLog();
    const result = await h.call('container_registries_list', { limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', '/container-registries', { limit: '1' })]);
    expect(result.structuredContent).toMatchObject({ items: [{ id: b.id }], hasMore: true });
    const next = await h.call('container_registries_list', {
      limit: 1,
      after: result.structuredContent?.nextPage as string,
    });
    expect(next.structuredContent).toMatchObject({ items: [{ id: a.id }], hasMore: true });
    const items = (await h.call('container_registries_list', { limit: 120 })).structuredContent
      ?.items as unknown[];
    for (const item of items) expect(item).not.toHaveProperty('password');
  });

  it('container_registries_update sends PUT /container-registries/{id} and bumps dtModified', async () => {
    const registry = await create();
    h.clearLog();
    const result = await h.call('container_registries_update', {
      id: registry.id,
      name: 'ghcr-prod',
      username: 'grace',
    });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      apiRequest('PUT', `/container-registries/${registry.id}`, {}, { name: 'ghcr-prod', username: 'grace' }),
    ]);
    expect(result.structuredContent).toMatchObject({
      id: registry.id,
      name: 'ghcr-prod',
      username: 'grace',
      url: 'ghcr.io',
      dtCreated: registry.dtCreated,
    });
    expect(String(result.structuredContent?.dtModified) > String(registry.dtModified)).toBe(true);
  });

  it('container_registries_test_connection sends GET .../test-connection and reports success', async () => {
    const registry = await create();
    h.clearLog();
    const result = await h.call('container_registries_test_connection', { id: registry.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', `/container-registries/${registry.id}/test-connection`)]);
    expect(result.structuredContent).toEqual({ success: true });
  });

  it('test_connection fails for a wrong password until the password is updated', async () => {
    const registry = await create({ ...GHCR, password: 'wrong' });
    const failed = await h.call('container_registries_test_connection', { id: registry.id });
    expect(failed.isError).toBeFalsy();
    expect(failed.structuredContent).toMatchObject({
      success: false,
      error: expect.stringContaining('password'),
    });
    await h.call('container_registries_update', { id: registry.id, password: 'right' });
    const fixed = await h.call('container_registries_test_connection', { id: registry.id });
    expect(fixed.structuredContent).toEqual({ success: true });
  });

  it('test_connection fails for an unreachable registry url', async () => {
    const registry = await create({ ...GHCR, kind: 'other', url: 'registry.invalid.example' });
    const result = await h.call('container_registries_test_connection', { id: registry.id });
    expect(result.structuredContent).toMatchObject({ success: false, error: expect.any(String) });
  });

  it('container_registries_delete sends DELETE /container-registries/{id} and answers the deleted registry', async () => {
    const registry = await create();
    h.clearLog();
    const result = await h.call('container_registries_delete', { id: registry.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('DELETE', `/container-registries/${registry.id}`)]);
    expect(result.structuredContent).toEqual(registry);
    const gone = await h.call('container_registries_get', { id: registry.id });
    expect(textOf(gone)).toContain('404');
  });
});
