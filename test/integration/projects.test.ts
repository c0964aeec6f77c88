import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_KEY, textOf } from '../helpers/harness.js';

const auth = `Bearer ${TEST_KEY}`;
type Obj = Record<string, unknown>;

const v1Config = (name: string, replicas = 1, env: { name: string; value: string }[] = []) => ({
  apiVersion: 'v1',
  name,
  image: 'paperspace/deployment-fastapi:latest',
  env,
  resources: { machineType: 'A4000', ports: [8080], replicas },
});

describe('projects tools against the sandbox (modern era)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
  });
  afterAll(() => h.close());

  async function ok(name: string, args: Obj = {}): Promise<Obj> {
    const result = await h.call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as Obj;
  }
  const newProject = async (name: string) => (await ok('projects_create', { name })).id as string;
  const items = (page: Obj) => page.items as Obj[];

  describe('project CRUD', () => {
    it('projects_create sends POST /projects and returns the new project', async () => {
      h.clearLog();
      const result = await h.call('projects_create', { name: 'vision-lab' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/projects',
          query: {},
          body: { name: 'vision-lab' },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({
        id: expect.stringMatching(/^pr[a-z0-9]{7}$/),
        name: 'vision-lab',
        dtCreated: expect.any(String),
        dtDeleted: null,
        repoName: null,
        repoNodeId: null,
        repoUrl: null,
      });
    });

    it('projects_get sends GET /projects/{id}; an unknown id is a 404', async () => {
      const id = await newProject('get-me');
      h.clearLog();
      const result = await h.call('projects_get', { id });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${id}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ id, name: 'get-me' });

      const missing = await h.call('projects_get', { id: 'prnope0000' });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toContain('404');
    });

    it('projects_update sends PUT /projects/{id} with the new name', async () => {
      const id = await newProject('old-name');
      h.clearLog();
      const result = await h.call('projects_update', { id, name: 'new-name' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'PUT',
          path: `/projects/${id}`,
          query: {},
          body: { name: 'new-name' },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ id, name: 'new-name' });
      expect(await ok('projects_get', { id })).toMatchObject({ name: 'new-name' });
    });

    it('projects_list sends GET /projects and pages with limit and nextPage', async () => {
      for (const n of ['page-a', 'page-b', 'page-c']) await newProject(n);
      h.clearLog();
      const result = await h.call('projects_list', { limit: 2 });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: '/projects',
          query: { limit: '2' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const first = result.structuredContent as Obj;
      expect(items(first).map((p) => p.name)).toEqual(['page-c', 'page-b']);
      expect(first).toMatchObject({ hasMore: true, nextPage: expect.any(String) });

      const all: string[] = items(first).map((p) => p.name as string);
      let after = first.nextPage as string | undefined;
      while (after) {
        const page = await ok('projects_list', { limit: 2, after });
        all.push(...items(page).map((p) => p.name as string));
        after = page.nextPage as string | undefined;
      }
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(expect.arrayContaining(['page-a', 'vision-lab']));
    });

    it('projects_delete sends DELETE /projects/{id}, returns it with dtDeleted and takes its content along', async () => {
      const id = await newProject('doomed');
      await ok('projects_secrets_create', { id, name: 'TOKEN', value: 's3cr3t-doomed' });
      const { deploymentId } = await ok('deployments_upsert', {
        projectId: id,
        config: v1Config('doomed-api'),
      });
      const model = await ok('models_create', { name: 'doomed-model', isPublic: false, projectId: id });
      h.clearLog();
      const result = await h.call('projects_delete', { id });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/projects/${id}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ id, name: 'doomed', dtDeleted: expect.any(String) });
      expect((await h.call('projects_get', { id })).isError).toBe(true);
      expect((await h.call('deployments_get', { id: deploymentId })).isError).toBe(true);
      expect(await ok('models_get', { id: model.id })).toMatchObject({ projectId: null });
      expect(textOf(await h.call('projects_secrets_list', { id }))).toContain('404');
    });
  });

  describe('deployments and activity of a project', () => {
    let projectId: string;
    let apiId: string;
    let workerId: string;
    beforeAll(async () => {
      projectId = await newProject('serving');
      apiId = (await ok('deployments_upsert', { projectId, config: v1Config('fastapi-serve') }))
        .deploymentId as string;
      workerId = (await ok('deployments_upsert', { projectId, config: v1Config('batch-worker') }))
        .deploymentId as string;
      await ok('deployments_upsert', {
        deploymentId: apiId,
        projectId,
        config: v1Config('fastapi-serve', 3),
      });
    });

    it('projects_deployments_list sends GET /projects/{id}/deployments and filters by name', async () => {
      h.clearLog();
      const result = await h.call('projects_deployments_list', { id: projectId, name: 'fastapi' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${projectId}/deployments`,
          query: { name: 'fastapi' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const page = result.structuredContent as Obj;
      expect(items(page)).toHaveLength(1);
      expect(items(page)[0]).toMatchObject({ id: apiId, name: 'fastapi-serve', projectId });
      const all = await ok('projects_deployments_list', { id: projectId });
      expect(items(all).map((d) => d.id)).toEqual([workerId, apiId]);
    });

    it('projects_activity_list sends GET /projects/{id}/activity and records deployment changes', async () => {
      h.clearLog();
      const result = await h.call('projects_activity_list', { id: projectId });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${projectId}/activity`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      const actions = items(result.structuredContent as Obj).map((a) => a.action);
      expect(actions).toEqual([
        'deployment.scaled',
        'deployment.updated',
        'deployment.created',
        'deployment.created',
      ]);
      const scaled = items(result.structuredContent as Obj)[0];
      expect(scaled).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        data: { from: 1, to: 3 },
        deployment: { id: apiId, name: 'fastapi-serve', dtDeleted: null },
        actor: { email: 'ada@example.com' },
      });
    });

    it('projects_activity_list filters by deploymentId and pages with an activity-id cursor', async () => {
      const byId = await ok('projects_activity_list', { id: projectId, deploymentId: workerId });
      expect(items(byId).map((a) => a.action)).toEqual(['deployment.created']);

      const first = await ok('projects_activity_list', { id: projectId, limit: 3 });
      expect(first).toMatchObject({ hasMore: true, nextPage: (items(first)[2] as Obj).id });
      const second = await ok('projects_activity_list', { id: projectId, limit: 3, after: first.nextPage });
      expect(items(second).map((a) => a.deployment)).toEqual([expect.objectContaining({ id: apiId })]);
      expect(second.hasMore).toBe(false);
    });

    it('deleting a deployment adds a deployment.deleted item', async () => {
      await ok('deployments_delete', { id: workerId });
      const page = await ok('projects_activity_list', { id: projectId, deploymentId: workerId });
      expect(items(page)[0]).toMatchObject({
        action: 'deployment.deleted',
        deployment: { id: workerId, dtDeleted: expect.any(String) },
      });
    });
  });

  describe('collaborators', () => {
    let projectId: string;
    beforeAll(async () => {
      projectId = await newProject('shared-work');
      h.sandbox.store.table('users').set('ub8k2m4x1', {
        id: 'ub8k2m4x1',
        email: 'grace@example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
      });
    });

    it('projects_collaborators_create sends POST .../collaborators with the userId', async () => {
      h.clearLog();
      const result = await h.call('projects_collaborators_create', { id: projectId, userId: 'ub8k2m4x1' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: `/projects/${projectId}/collaborators`,
          query: {},
          body: { userId: 'ub8k2m4x1' },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({
        dtCreated: expect.any(String),
        dtDeleted: null,
        user: { id: 'ub8k2m4x1', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
      });
      const again = await h.call('projects_collaborators_create', { id: projectId, userId: 'ub8k2m4x1' });
      expect(again.isError).toBe(true);
      expect(textOf(again)).toContain('409');
      const unknown = await h.call('projects_collaborators_create', { id: projectId, userId: 'unobody00' });
      expect(textOf(unknown)).toContain('404');
    });

    it('projects_collaborators_list sends GET .../collaborators', async () => {
      await ok('projects_collaborators_create', { id: projectId, userId: 'u3xk9mbq2' });
      h.clearLog();
      const result = await h.call('projects_collaborators_list', { id: projectId });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${projectId}/collaborators`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      const users = items(result.structuredContent as Obj).map((c) => (c.user as Obj).email);
      expect(users).toEqual(['ada@example.com', 'grace@example.com']);
    });

    it('projects_collaborators_delete sends DELETE .../collaborators/{userId} and returns {userId}', async () => {
      h.clearLog();
      const result = await h.call('projects_collaborators_delete', { id: projectId, userId: 'ub8k2m4x1' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/projects/${projectId}/collaborators/ub8k2m4x1`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({ userId: 'ub8k2m4x1' });
      const list = await ok('projects_collaborators_list', { id: projectId });
      expect(items(list).map((c) => (c.user as Obj).id)).toEqual(['u3xk9mbq2']);
      const again = await h.call('projects_collaborators_delete', { id: projectId, userId: 'ub8k2m4x1' });
      expect(textOf(again)).toContain('404');
    });
  });

  describe('models of a project', () => {
    let projectId: string;
    let modelId: string;
    beforeAll(async () => {
      projectId = await newProject('model-zoo');
      modelId = (await ok('models_create', { name: 'resnet50-imagenet', isPublic: false })).id as string;
      await ok('models_create', { name: 'llama-ft-v2', isPublic: false, projectId });
    });

    it('projects_models_add sends POST .../models/{modelId} and sets the model projectId', async () => {
      h.clearLog();
      const result = await h.call('projects_models_add', { id: projectId, modelId });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: `/projects/${projectId}/models/${modelId}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ id: modelId, name: 'resnet50-imagenet', projectId });
      expect(await ok('models_get', { id: modelId })).toMatchObject({ projectId });
      const unknown = await h.call('projects_models_add', { id: projectId, modelId: 'monope000' });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toContain('404');
    });

    it('projects_models_list sends GET .../models and filters by name', async () => {
      h.clearLog();
      const result = await h.call('projects_models_list', { id: projectId, name: 'resnet' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${projectId}/models`,
          query: { name: 'resnet' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(items(result.structuredContent as Obj).map((m) => m.id)).toEqual([modelId]);
      const all = await ok('projects_models_list', { id: projectId });
      expect(items(all).map((m) => m.name)).toEqual(['llama-ft-v2', 'resnet50-imagenet']);
    });

    it('projects_models_remove sends DELETE .../models/{modelId} and clears the model projectId', async () => {
      h.clearLog();
      const result = await h.call('projects_models_remove', { id: projectId, modelId });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/projects/${projectId}/models/${modelId}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ id: modelId, projectId: null });
      expect(await ok('models_get', { id: modelId })).toMatchObject({ projectId: null });
      const again = await h.call('projects_models_remove', { id: projectId, modelId });
      expect(textOf(again)).toContain('404');
    });
  });

  describe('secrets', () => {
    let projectId: string;
    const value = 'pg-pass-9f3k2x7q1';
    beforeAll(async () => {
      projectId = await newProject('with-secrets');
    });

    it('projects_secrets_create sends POST .../secrets and never returns the value', async () => {
      h.clearLog();
      const result = await h.call('projects_secrets_create', { id: projectId, name: 'DB_PASSWORD', value });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: `/projects/${projectId}/secrets`,
          query: {},
          body: { name: 'DB_PASSWORD', value },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({
        name: 'DB_PASSWORD',
        dtCreated: expect.any(String),
        dtModified: expect.any(String),
      });
      expect(JSON.stringify(result)).not.toContain(value);
      const dup = await h.call('projects_secrets_create', { id: projectId, name: 'DB_PASSWORD', value: 'x' });
      expect(dup.isError).toBe(true);
      expect(textOf(dup)).toContain('409');
    });

    it('projects_secrets_list sends GET .../secrets with names only', async () => {
      await ok('projects_secrets_create', { id: projectId, name: 'API_TOKEN', value: 'tok-123456' });
      h.clearLog();
      const result = await h.call('projects_secrets_list', { id: projectId });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${projectId}/secrets`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(items(result.structuredContent as Obj)).toEqual([
        {
          name: 'API_TOKEN',
          dtCreated: expect.any(String),
          dtModified: expect.any(String),
          hasDeploymentAttached: false,
        },
        {
          name: 'DB_PASSWORD',
          dtCreated: expect.any(String),
          dtModified: expect.any(String),
          hasDeploymentAttached: false,
        },
      ]);
      expect(JSON.stringify(result)).not.toContain(value);
      expect(JSON.stringify(result)).not.toContain('tok-123456');
    });

    it('projects_secrets_get sends GET .../secrets/{name}; hasDeploymentAttached follows secret: env references', async () => {
      h.clearLog();
      const result = await h.call('projects_secrets_get', { id: projectId, name: 'DB_PASSWORD' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${projectId}/secrets/DB_PASSWORD`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ name: 'DB_PASSWORD', hasDeploymentAttached: false });
      expect(JSON.stringify(result)).not.toContain(value);

      const env = [{ name: 'PGPASSWORD', value: 'secret:DB_PASSWORD' }];
      await ok('deployments_upsert', { projectId, config: v1Config('db-client', 1, env) });
      expect(await ok('projects_secrets_get', { id: projectId, name: 'DB_PASSWORD' })).toMatchObject({
        hasDeploymentAttached: true,
      });
      const missing = await h.call('projects_secrets_get', { id: projectId, name: 'NOPE' });
      expect(textOf(missing)).toContain('404');
    });

    it('projects_secrets_update sends PATCH .../secrets/{name} with the value; the store keeps it', async () => {
      const before = (await ok('projects_secrets_get', { id: projectId, name: 'API_TOKEN' })) as Obj;
      h.clearLog();
      const result = await h.call('projects_secrets_update', {
        id: projectId,
        name: 'API_TOKEN',
        value: 'tok-rotated',
      });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'PATCH',
          path: `/projects/${projectId}/secrets/API_TOKEN`,
          query: {},
          body: { value: 'tok-rotated' },
          authorization: auth,
        }),
      ]);
      const updated = result.structuredContent as Obj;
      expect(updated).toEqual({
        name: 'API_TOKEN',
        dtCreated: before.dtCreated,
        dtModified: expect.any(String),
      });
      expect((updated.dtModified as string) > (before.dtModified as string)).toBe(true);
      expect(JSON.stringify(result)).not.toContain('tok-rotated');
      expect(h.sandbox.store.table('projectSecrets').get(`${projectId}:API_TOKEN`)).toMatchObject({
        value: 'tok-rotated',
      });
    });

    it('projects_secrets_delete sends DELETE .../secrets/{name} and returns {name}', async () => {
      h.clearLog();
      const result = await h.call('projects_secrets_delete', { id: projectId, name: 'API_TOKEN' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/projects/${projectId}/secrets/API_TOKEN`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({ name: 'API_TOKEN' });
      const gone = await h.call('projects_secrets_get', { id: projectId, name: 'API_TOKEN' });
      expect(textOf(gone)).toContain('404');
    });
  });

  describe('tags', () => {
    let projectId: string;
    beforeAll(async () => {
      projectId = await newProject('tagged');
    });

    it('projects_tags_add sends POST .../tags and returns a numeric tag id', async () => {
      h.clearLog();
      const result = await h.call('projects_tags_add', { id: projectId, name: 'computer-vision' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: `/projects/${projectId}/tags`,
          query: {},
          body: { name: 'computer-vision' },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({
        id: expect.any(Number),
        name: 'computer-vision',
        dtCreated: expect.any(String),
      });
    });

    it('projects_tags_list sends GET .../tags', async () => {
      await ok('projects_tags_add', { id: projectId, name: 'production' });
      h.clearLog();
      const result = await h.call('projects_tags_list', { id: projectId, order: 'asc' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/projects/${projectId}/tags`,
          query: { order: 'asc' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const tags = items(result.structuredContent as Obj);
      expect(tags.map((t) => t.name)).toEqual(['computer-vision', 'production']);
      expect(tags.every((t) => typeof t.id === 'number')).toBe(true);
    });

    it('projects_tags_remove sends DELETE .../tags?name=... and returns the removed tag', async () => {
      h.clearLog();
      const result = await h.call('projects_tags_remove', { id: projectId, name: 'production' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/projects/${projectId}/tags`,
          query: { name: 'production' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({ id: expect.any(Number), name: 'production' });
      const list = await ok('projects_tags_list', { id: projectId });
      expect(items(list).map((t) => t.name)).toEqual(['computer-vision']);
      const again = await h.call('projects_tags_remove', { id: projectId, name: 'production' });
      expect(again.isError).toBe(true);
      expect(textOf(again)).toContain('404');
    });
  });
});
