import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_KEY, textOf } from '../helpers/harness.js';

const auth = `Bearer ${TEST_KEY}`;
type Obj = Record<string, unknown>;

describe('models tools against the sandbox (modern era)', () => {
  let h: Harness;
  let projectId: string;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
    projectId = (await ok('projects_create', { name: 'llm-finetune' })).id as string;
  });
  afterAll(() => h.close());

  async function ok(name: string, args: Obj = {}): Promise<Obj> {
    const result = await h.call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as Obj;
  }
  const items = (page: Obj) => page.items as Obj[];

  it('models_create sends POST /models and returns the model', async () => {
    h.clearLog();
    const args = { name: 'llama-ft-v2', description: 'LoRA fine-tune', isPublic: false, projectId };
    const result = await h.call('models_create', args);
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/models',
        query: {},
        body: args,
        authorization: auth,
      }),
    ]);
    expect(result.structuredContent).toEqual({
      id: expect.stringMatching(/^mo[a-z0-9]{7}$/),
      name: 'llama-ft-v2',
      description: 'LoRA fine-tune',
      isPublic: false,
      projectId,
      storageProviderId: null,
      teamId: 'te7hq4kzp',
      dtCreated: expect.any(String),
      dtModified: expect.any(String),
    });
  });

  it('models_create answers 404 for an unknown project and leaves the store unchanged', async () => {
    const count = h.sandbox.store.table('models').size;
    const result = await h.call('models_create', { name: 'orphan', isPublic: true, projectId: 'prnope000' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('404');
    expect(h.sandbox.store.table('models').size).toBe(count);
  });

  it('models_list sends GET /models, filters by projectId and pages', async () => {
    await ok('models_create', { name: 'resnet50-imagenet', isPublic: false });
    await ok('models_create', { name: 'whisper-small-en', isPublic: true, projectId });
    h.clearLog();
    const result = await h.call('models_list', { projectId, limit: 1 });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/models',
        query: { projectId, limit: '1' },
        body: undefined,
        authorization: auth,
      }),
    ]);
    const first = result.structuredContent as Obj;
    expect(items(first).map((m) => m.name)).toEqual(['whisper-small-en']);
    expect(first).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
    const second = await ok('models_list', { projectId, limit: 1, after: first.nextPage });
    expect(items(second).map((m) => m.name)).toEqual(['llama-ft-v2']);
    expect(second.hasMore).toBe(false);
    const all = await ok('models_list');
    expect(items(all)).toHaveLength(3);
  });

  it('models_get sends GET /models/{id}; an unknown id is a 404', async () => {
    const { id } = await ok('models_create', { name: 'clip-vit-b32', isPublic: true });
    h.clearLog();
    const result = await h.call('models_get', { id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/models/${id}`,
        query: {},
        body: undefined,
        authorization: auth,
      }),
    ]);
    expect(result.structuredContent).toMatchObject({
      id,
      name: 'clip-vit-b32',
      isPublic: true,
      projectId: null,
    });
    const missing = await h.call('models_get', { id: 'monope000' });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('404');
  });

  it('models_delete sends DELETE /models/{id} and returns {id}; then it is gone', async () => {
    const { id } = await ok('models_create', { name: 'scratch', isPublic: false });
    h.clearLog();
    const result = await h.call('models_delete', { id });
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      expect.objectContaining({
        method: 'DELETE',
        path: `/models/${id}`,
        query: {},
        body: undefined,
        authorization: auth,
      }),
    ]);
    expect(result.structuredContent).toEqual({ id });
    expect(textOf(await h.call('models_get', { id }))).toContain('404');
  });
});
