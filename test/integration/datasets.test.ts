import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_KEY, textOf } from '../helpers/harness.js';

const auth = `Bearer ${TEST_KEY}`;
type Obj = Record<string, unknown>;

describe.each(['legacy', 'modern'] as const)('datasets tools against the sandbox (%s era)', (era) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era, args: ['--toolsets', 'all', '--confirm', 'off'] });
  });
  afterAll(() => h.close());

  async function ok(name: string, args: Obj = {}): Promise<Obj> {
    const result = await h.call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as Obj;
  }
  const items = (page: Obj) => page.items as Obj[];
  const newDataset = async (name: string, isPublic = false) =>
    (await ok('datasets_create', { name, isPublic })).id as string;

  describe('datasets', () => {
    it('datasets_create sends POST /datasets and returns the dataset', async () => {
      h.clearLog();
      const args = { name: 'imagenet-subset', description: '100 classes', isPublic: false };
      const result = await h.call('datasets_create', args);
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/datasets',
          query: {},
          body: args,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({
        id: expect.stringMatching(/^ds[a-z0-9]{7}$/),
        name: 'imagenet-subset',
        description: '100 classes',
        isPublic: false,
        storageProviderId: null,
        teamId: 'te7hq4kzp',
        dtCreated: expect.any(String),
        dtModified: expect.any(String),
      });
    });

    it('datasets_create answers 404 for an unknown storage provider', async () => {
      const result = await h.call('datasets_create', {
        name: 'x',
        isPublic: false,
        storageProviderId: 'spnope000',
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('404');
    });

    it('datasets_get sends GET /datasets/{id}; an unknown id is a 404', async () => {
      const id = await newDataset('coco-2017-val');
      h.clearLog();
      const result = await h.call('datasets_get', { id });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/datasets/${id}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ id, name: 'coco-2017-val', description: null });
      const missing = await h.call('datasets_get', { id: 'dsnope000' });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toContain('404');
    });

    it('datasets_update sends PUT /datasets/{id} and changes name and description', async () => {
      const id = await newDataset('draft');
      h.clearLog();
      const result = await h.call('datasets_update', {
        id,
        name: 'mnist-clean',
        description: 'deduplicated',
      });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'PUT',
          path: `/datasets/${id}`,
          query: {},
          body: { name: 'mnist-clean', description: 'deduplicated' },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({
        id,
        name: 'mnist-clean',
        description: 'deduplicated',
      });
      const cleared = await ok('datasets_update', { id, description: null });
      expect(cleared).toMatchObject({ name: 'mnist-clean', description: null });
    });

    it('datasets_list sends GET /datasets; privacy defaults to PRIVATE and filters isPublic', async () => {
      const publicId = await newDataset('open-images', true);
      h.clearLog();
      const result = await h.call('datasets_list', {});
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: '/datasets',
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      const privateOnes = items(result.structuredContent as Obj);
      expect(privateOnes.length).toBeGreaterThan(0);
      expect(privateOnes.every((d) => d.isPublic === false)).toBe(true);
      const pub = await ok('datasets_list', { privacy: 'PUBLIC' });
      expect(items(pub).map((d) => d.id)).toEqual([publicId]);
      const otherTeam = await ok('datasets_list', { teamId: 'teother00' });
      expect(items(otherTeam)).toEqual([]);
      const ours = await ok('datasets_list', { teamId: 'te7hq4kzp' });
      expect(items(ours)).toHaveLength(privateOnes.length);
    });

    it('datasets_list pages over hundreds of datasets without loss or repetition', async () => {
      await Promise.all(Array.from({ length: 250 }, (_, i) => newDataset(`bulk-${i}`)));
      const expected = [...h.sandbox.store.table('datasets').values()].filter(
        (d) => d.isPublic === false,
      ).length;
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await ok('datasets_list', after === undefined ? { limit: 120 } : { limit: 120, after });
        seen.push(...items(page).map((d) => d.id as string));
        after = page.nextPage as string | undefined;
        pages++;
      } while (after);
      expect(pages).toBe(Math.ceil(expected / 120));
      expect(seen).toHaveLength(expected);
      expect(new Set(seen).size).toBe(expected);
    });

    it('datasets_delete sends DELETE /datasets/{id}, returns {id} and removes its versions', async () => {
      const id = await newDataset('to-delete');
      await ok('datasets_versions_create', { datasetId: id, message: 'v1' });
      await ok('datasets_versions_create', { datasetId: id, message: 'v2' });
      h.clearLog();
      const result = await h.call('datasets_delete', { id });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/datasets/${id}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({ id });
      expect(textOf(await h.call('datasets_get', { id }))).toContain('404');
      const left = [...h.sandbox.store.table('datasetVersions').values()].filter((v) => v.datasetId === id);
      expect(left).toEqual([]);
    });
  });

  describe('versions', () => {
    let datasetId: string;
    let version: string;
    beforeAll(async () => {
      datasetId = await newDataset('versioned');
    });

    it('datasets_versions_create sends POST .../versions; the version starts uncommitted with tags as an array', async () => {
      h.clearLog();
      const args = { message: 'initial import', tags: 'raw, train', metadata: { source: 's3://bucket/raw' } };
      const result = await h.call('datasets_versions_create', { datasetId, ...args });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: `/datasets/${datasetId}/versions`,
          query: {},
          body: args,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({
        version: expect.stringMatching(/^v[a-z0-9]{6}$/),
        datasetId,
        userId: 'u3xk9mbq2',
        message: 'initial import',
        metadata: { source: 's3://bucket/raw' },
        isCommitted: false,
        url: expect.any(String),
        tags: ['raw', 'train'],
        usageBytes: null,
        dtCreated: expect.any(String),
        dtModified: expect.any(String),
      });
      version = (result.structuredContent as Obj).version as string;
      const missing = await h.call('datasets_versions_create', { datasetId: 'dsnope000' });
      expect(textOf(missing)).toContain('404');
    });

    it('datasets_versions_get sends GET .../versions/{version}, also for the datasetId:version form', async () => {
      h.clearLog();
      const result = await h.call('datasets_versions_get', { datasetId, version });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/datasets/${datasetId}/versions/${version}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ datasetId, version, isCommitted: false });
      h.clearLog();
      const legacy = await ok('datasets_versions_get', { datasetId: `${datasetId}:${version}` });
      expect(legacy).toMatchObject({ version });
      expect(h.requests()).toEqual([
        expect.objectContaining({ path: `/datasets/${datasetId}/versions/${version}` }),
      ]);
      const missing = await h.call('datasets_versions_get', { datasetId, version: 'vnope00' });
      expect(textOf(missing)).toContain('404');
    });

    it('datasets_versions_update sends PUT .../versions/{version}; isCommitted true commits it', async () => {
      h.clearLog();
      const result = await h.call('datasets_versions_update', {
        datasetId,
        version,
        message: 'initial import, cleaned',
        tags: 'clean',
        isCommitted: true,
      });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'PUT',
          path: `/datasets/${datasetId}/versions/${version}`,
          query: {},
          body: { message: 'initial import, cleaned', tags: 'clean', isCommitted: true },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({
        version,
        message: 'initial import, cleaned',
        tags: ['clean'],
        isCommitted: true,
        usageBytes: expect.stringMatching(/^\d+$/),
      });
    });

    it('a committed version cannot go back to uncommitted (400) and stays unchanged', async () => {
      const result = await h.call('datasets_versions_update', {
        datasetId,
        version,
        message: 'oops',
        isCommitted: false,
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('400');
      expect(await ok('datasets_versions_get', { datasetId, version })).toMatchObject({
        isCommitted: true,
        message: 'initial import, cleaned',
      });
    });

    it('datasets_versions_list sends GET .../versions, filters by tags and pages', async () => {
      await ok('datasets_versions_create', { datasetId, tags: 'latest,clean' });
      await ok('datasets_versions_create', { datasetId, tags: 'experimental' });
      h.clearLog();
      const result = await h.call('datasets_versions_list', { datasetId, tags: 'clean' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/datasets/${datasetId}/versions`,
          query: { tags: 'clean' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const tagged = items(result.structuredContent as Obj);
      expect(tagged.map((v) => v.tags)).toEqual([['latest', 'clean'], ['clean']]);
      const first = await ok('datasets_versions_list', { datasetId, limit: 2 });
      expect(first).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
      const second = await ok('datasets_versions_list', { datasetId, limit: 2, after: first.nextPage });
      expect(items(second).map((v) => v.version)).toEqual([version]);
    });

    it('datasets_versions_delete sends DELETE .../versions/{version} and returns {datasetId, version}', async () => {
      h.clearLog();
      const result = await h.call('datasets_versions_delete', { datasetId, version });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/datasets/${datasetId}/versions/${version}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({ datasetId, version });
      expect(textOf(await h.call('datasets_versions_get', { datasetId, version }))).toContain('404');
      const list = await ok('datasets_versions_list', { datasetId });
      expect(items(list)).toHaveLength(2);
    });
  });
});
