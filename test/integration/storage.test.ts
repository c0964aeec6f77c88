import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type Harness, startHarness, textOf } from '../helpers/harness.js';

const S3 = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  bucket: 'analytical-engines-datasets',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  endpoint: 'https://s3.us-east-1.amazonaws.com',
  region: 'us-east-1',
};
const GIB = 1024 ** 3;

describe('storage tools against the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
  });
  afterAll(() => h.close());

  async function create(name: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const result = await h.call('storage_providers_create', {
      name,
      storageProviderType: 's3',
      s3Config: S3,
      ...extra,
    });
    expect(result.isError).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  }

  it('storage_providers_create sends POST /storage-providers; the secret key is stored but redacted', async () => {
    h.clearLog();
    const args = { name: 'aws-datasets', storageProviderType: 's3', isTeamDefault: false, s3Config: S3 };
    const result = await h.call('storage_providers_create', args);
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('POST', '/storage-providers', {}, args)]);
    const provider = result.structuredContent as Record<string, unknown>;
    expect(provider).toMatchObject({
      id: expect.any(String),
      name: 'aws-datasets',
      isManaged: false,
      isTeamDefault: false,
      s3Config: {
        ...S3,
        accessKey: '[redacted]',
        secretAccessKey: '[redacted]',
        retainData: false,
        signatureVersion: null,
      },
    });
    expect(provider).not.toHaveProperty('dtCreated');
    expect(textOf(result)).not.toContain(S3.secretAccessKey);
    const stored = h.sandbox.store.table('storageProviders').get(provider.id as string);
    expect(stored).toMatchObject({ s3Config: { secretAccessKey: S3.secretAccessKey } });
  });

  it('a missing s3Config field is a 400 naming it and creates nothing', async () => {
    const before = h.sandbox.store.table('storageProviders').size;
    const { bucket: _, ...noBucket } = S3;
    await expect(
      h.api.request({
        method: 'POST',
        path: '/storage-providers',
        body: { name: 'broken', storageProviderType: 's3', s3Config: noBucket },
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('s3Config.bucket') });
    expect(h.sandbox.store.table('storageProviders').size).toBe(before);
  });

  it('storage_providers_get sends GET /storage-providers/{id}', async () => {
    const provider = await create('get-me');
    h.clearLog();
    const result = await h.call('storage_providers_get', { id: provider.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', `/storage-providers/${provider.id}`)]);
    expect(result.structuredContent).toEqual(provider);
  });

  it('storage_providers_get of an unknown id is a 404', async () => {
    const result = await h.call('storage_providers_get', { id: 'splmissing' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
  });

  it('storage_providers_list sends GET /storage-providers and pages newest first', async () => {
    const a = await create('page-a');
    const b = await create('page-b');
    h.clearLog();
    const result = await h.call('storage_providers_list', { limit: 2 });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', '/storage-providers', { limit: '2' })]);
    expect(result.structuredContent).toMatchObject({
      items: [{ id: b.id }, { id: a.id }],
      hasMore: true,
      nextPage: expect.any(String),
    });
    const asc = await h.call('storage_providers_list', { order: 'asc', limit: 120 });
    const ids = ((asc.structuredContent?.items ?? []) as Array<{ id: string }>).map((p) => p.id);
    expect(ids.slice(-2)).toEqual([a.id, b.id]);
  });

  it('storage_providers_update sends PUT /storage-providers/{id}; only one provider is the team default', async () => {
    const first = await create('first-default', { isTeamDefault: true });
    const second = await create('second');
    h.clearLog();
    const body = { name: 'second-renamed', isTeamDefault: true, s3Config: { ...S3, bucket: 'moved-bucket' } };
    const result = await h.call('storage_providers_update', { id: second.id, ...body });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('PUT', `/storage-providers/${second.id}`, {}, body)]);
    expect(result.structuredContent).toMatchObject({
      id: second.id,
      name: 'second-renamed',
      isTeamDefault: true,
      s3Config: { bucket: 'moved-bucket', secretAccessKey: '[redacted]' },
    });
    const demoted = await h.call('storage_providers_get', { id: first.id });
    expect(demoted.structuredContent).toMatchObject({ isTeamDefault: false });
  });

  it('storage_providers_update without isTeamDefault rotates the keys and leaves the team default alone', async () => {
    const provider = await create('rotating', { isTeamDefault: true });
    h.clearLog();
    const body = { name: 'rotating', s3Config: { ...S3, accessKey: 'AKIAROTATED' } };
    const result = await h.call('storage_providers_update', { id: provider.id, ...body });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('PUT', `/storage-providers/${provider.id}`, {}, body)]);
    expect(result.structuredContent).toMatchObject({
      isTeamDefault: true,
    });
  });

  it('storage_providers_delete sends DELETE /storage-providers/{id}', async () => {
    const provider = await create('doomed');
    h.clearLog();
    const result = await h.call('storage_providers_delete', { id: provider.id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('DELETE', `/storage-providers/${provider.id}`)]);
    expect(result.structuredContent).toEqual({ id: provider.id });
    const gone = await h.call('storage_providers_get', { id: provider.id });
    expect(textOf(gone)).toContain('404');
  });

  it('a provider that still holds a dataset cannot be deleted', async () => {
    const provider = await create('in-use');
    h.sandbox.store.table('datasets').set('dsttest001', { id: 'dsttest001', storageProviderId: provider.id });
    const result = await h.call('storage_providers_delete', { id: provider.id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('400');
    h.sandbox.store.table('datasets').delete('dsttest001');
  });

  it('storage_utilization_get sends GET /storage-providers/utilization and sums dataset versions', async () => {
    const versions = h.sandbox.store.table('datasetVersions');
    versions.set('dsu1:v1', { datasetId: 'dsu1', version: 'v1', usageBytes: String(2 * GIB) });
    versions.set('dsu1:v2', { datasetId: 'dsu1', version: 'v2', usageBytes: String(GIB) });
    versions.set('dsu1:v3', { datasetId: 'dsu1', version: 'v3', usageBytes: null });
    h.clearLog();
    const result = await h.call('storage_utilization_get');
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([apiRequest('GET', '/storage-providers/utilization')]);
    expect(result.structuredContent).toEqual({
      datasetUsage: String(3 * GIB),
      modelUsage: '0',
      notebookWorkspaceUsage: '0',
      sharedStorageUsage: '0',
      totalUsage: String(3 * GIB),
      totalFreeStorage: String(50 * GIB),
      remainingFreeStorage: String(47 * GIB),
    });
    for (const key of ['dsu1:v1', 'dsu1:v2', 'dsu1:v3']) versions.delete(key);
  });
});
