import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_KEY, textOf } from '../helpers/harness.js';

const auth = `Bearer ${TEST_KEY}`;
type Obj = Record<string, unknown>;

const config = (replicas: number, extra: Obj = {}) => ({
  apiVersion: 'latest',
  name: 'sd-api',
  image: 'paperspace/stable-diffusion-webui:1.9.0',
  resources: { machineType: 'A4000', ports: [7860], replicas },
  ...extra,
});

describe('deployments tools against the sandbox (modern era)', () => {
  let h: Harness;
  let projectId: string;
  let deploymentId: string;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
    projectId = (await ok('projects_create', { name: 'image-gen' })).id as string;
  });
  afterAll(() => h.close());

  async function ok(name: string, args: Obj = {}): Promise<Obj> {
    const result = await h.call(name, args);
    expect(result.isError, textOf(result)).toBeFalsy();
    return result.structuredContent as Obj;
  }
  const items = (page: Obj) => page.items as Obj[];

  describe('upsert', () => {
    it('deployments_upsert without deploymentId sends POST /deployments and creates one', async () => {
      h.clearLog();
      const result = await h.call('deployments_upsert', { projectId, config: config(1) });
      expect(result.isError).toBeFalsy();
      // Besides the create, only a GET of a machine of the type, for the rate its cost is stated at.
      expect(h.requests().filter((r) => r.method !== 'GET')).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/deployments',
          query: {},
          body: { projectId, config: config(1) },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({ deploymentId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      deploymentId = (result.structuredContent as Obj).deploymentId as string;
    });

    it('deployments_get sends GET /deployments/{id}; the spec is applied after the transition', async () => {
      h.clearLog();
      const result = await h.call('deployments_get', { id: deploymentId });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/deployments/${deploymentId}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toMatchObject({
        id: deploymentId,
        name: 'sd-api',
        projectId,
        teamId: 'te7hq4kzp',
        endpoint: expect.stringMatching(/^https:\/\/.+\.paperspacegradient\.com$/),
        latestSpecHash: expect.any(String),
        basicAuthKey: null,
        latestSpec: {
          deploymentId,
          userId: 'u3xk9mbq2',
          data: config(1),
          externalApplied: expect.any(String),
          dtHealthy: expect.any(String),
          error: null,
        },
      });
    });

    it('deployments_upsert with deploymentId replaces the spec and appends history', async () => {
      const before = await ok('deployments_get', { id: deploymentId });
      h.clearLog();
      const result = await h.call('deployments_upsert', { deploymentId, projectId, config: config(2) });
      expect(result.isError).toBeFalsy();
      expect(h.requests().filter((r) => r.method !== 'GET')).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/deployments',
          query: {},
          body: { deploymentId, projectId, config: config(2) },
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({ deploymentId });
      const after = await ok('deployments_get', { id: deploymentId });
      expect((after.latestSpec as Obj).data).toEqual(config(2));
      expect((after.latestSpec as Obj).id).not.toBe((before.latestSpec as Obj).id);
      expect(after.latestSpecHash).not.toBe(before.latestSpecHash);
    });

    it('deployments_upsert answers 404 for an unknown project or deployment and 400 for a bad config', async () => {
      const noProject = await h.call('deployments_upsert', { projectId: 'prnope000', config: config(1) });
      expect(noProject.isError).toBe(true);
      expect(textOf(noProject)).toContain('404');
      const noDeployment = await h.call('deployments_upsert', {
        deploymentId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
        projectId,
        config: config(1),
      });
      expect(textOf(noDeployment)).toContain('404');
      const count = h.sandbox.store.table('deployments').size;
      const badConfig = {
        apiVersion: 'v1',
        name: 'x',
        image: 'nginx',
        resources: { replicas: 1, ports: [80] },
      };
      h.clearLog();
      const bad = await h.call('deployments_upsert', { projectId, config: badConfig });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toContain('machineType');
      expect(h.requests()).toEqual([]);
      await expect(
        h.api.request({ method: 'POST', path: '/deployments', body: { projectId, config: badConfig } }),
      ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('machineType') });
      expect(h.sandbox.store.table('deployments').size).toBe(count);
    });
  });

  describe('runs, logs, metrics, history', () => {
    it('deployments_runs_list sends GET .../runs?limit and returns an array (wrapped as items)', async () => {
      h.clearLog();
      const result = await h.call('deployments_runs_list', { id: deploymentId, limit: 5 });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/deployments/${deploymentId}/runs`,
          query: { limit: '5' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const runs = (result.structuredContent as Obj).items as Obj[];
      expect(runs).toHaveLength(2);
      expect(runs[0]).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
      const instances = (runs[0] as Obj).instances as Obj[];
      expect(instances).toHaveLength(2);
      expect(instances[0]).toMatchObject({
        state: 'running',
        dtFinished: null,
        instanceId: expect.any(String),
      });
      expect(runs[1]).toMatchObject({ replicas: 0, readyReplicas: 0 });
      expect(((runs[1] as Obj).instances as Obj[])[0]).toMatchObject({
        state: 'stopped',
        dtFinished: expect.any(String),
      });
      const latest = await ok('deployments_runs_list', { id: deploymentId, limit: 1 });
      expect(latest.items).toHaveLength(1);
    });

    it('deployments_logs_list sends GET .../logs, pages, and filters by instanceId', async () => {
      const runs = (await ok('deployments_runs_list', { id: deploymentId })).items as Obj[];
      const instanceId = (((runs[0] as Obj).instances as Obj[])[0] as Obj).instanceId as string;
      h.clearLog();
      const result = await h.call('deployments_logs_list', { id: deploymentId, instanceId, limit: 2 });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/deployments/${deploymentId}/logs`,
          query: { instanceId, limit: '2' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const first = result.structuredContent as Obj;
      expect(first).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
      expect(items(first)[0]).toMatchObject({
        instanceId,
        jobId: (runs[0] as Obj).id,
        message: expect.any(String),
      });
      const rest = await ok('deployments_logs_list', { id: deploymentId, instanceId, after: first.nextPage });
      const lines = [...items(first), ...items(rest)];
      expect(lines.every((l) => l.instanceId === instanceId)).toBe(true);
      expect(lines.map((l) => l.message)).toContain(
        'Pulling image "paperspace/stable-diffusion-webui:1.9.0"',
      );
    });

    it('deployments_metrics_get sends GET .../metrics; cpu is a per-instance series', async () => {
      h.clearLog();
      const result = await h.call('deployments_metrics_get', {
        id: deploymentId,
        metric: 'cpu',
        timeframe: 'hour',
      });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/deployments/${deploymentId}/metrics`,
          query: { metric: 'cpu', timeframe: 'hour' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const series = (result.structuredContent as Obj).data as Obj[];
      expect(series).toHaveLength(2);
      expect(series[0]).toEqual({
        instanceId: expect.any(String),
        values: expect.arrayContaining([
          { timestamp: expect.any(String), value: expect.stringMatching(/^\d/) },
        ]),
      });
    });

    // The tool wraps only non-object answers, so this object answer is checked at the API level.
    it('the metrics route answers requests_total with a single {timestamp, value}', async () => {
      const total = await h.api.request({
        method: 'GET',
        path: `/deployments/${deploymentId}/metrics`,
        query: { metric: 'requests_total' },
      });
      expect(total).toEqual({ timestamp: expect.any(String), value: expect.stringMatching(/^\d+$/) });
      const gpu = await ok('deployments_metrics_get', { id: deploymentId, metric: 'gpu', timeframe: 'day' });
      expect((gpu.data as Obj[])[0]).toEqual({
        instanceId: expect.any(String),
        gpu: '0',
        timestamp: expect.any(String),
        value: expect.any(String),
      });
      const bad = await h.api
        .request({ method: 'GET', path: `/deployments/${deploymentId}/metrics`, query: { metric: 'disk' } })
        .catch((error: unknown) => error);
      expect(bad).toMatchObject({ status: 400 });
    });

    it('deployments_history_list sends GET .../history and pages newest first', async () => {
      h.clearLog();
      const result = await h.call('deployments_history_list', { id: deploymentId, limit: 1 });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: `/deployments/${deploymentId}/history`,
          query: { limit: '1' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const first = result.structuredContent as Obj;
      expect(first).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
      expect(items(first)[0]).toMatchObject({ deploymentId, data: config(2), workflowRun: null });
      const second = await ok('deployments_history_list', {
        id: deploymentId,
        limit: 1,
        after: first.nextPage,
      });
      expect(second.hasMore).toBe(false);
      expect(items(second)[0]).toMatchObject({ data: config(1) });
    });

    it('a disabled deployment runs no instances', async () => {
      await ok('deployments_upsert', { deploymentId, projectId, config: config(2, { enabled: false }) });
      const runs = (await ok('deployments_runs_list', { id: deploymentId, limit: 1 })).items as Obj[];
      expect(runs[0]).toMatchObject({ replicas: 0, instances: [] });
      expect((await ok('deployments_metrics_get', { id: deploymentId, metric: 'cpu' })).data).toEqual([]);
      const activity = await ok('projects_activity_list', { id: projectId, deploymentId, limit: 1 });
      expect(items(activity)[0]).toMatchObject({ action: 'deployment.disabled' });
    });
  });

  describe('list and delete', () => {
    it('deployments_list sends GET /deployments and pages', async () => {
      await ok('deployments_upsert', { projectId, config: config(1, { name: 'second' }) });
      await ok('deployments_upsert', { projectId, config: config(1, { name: 'third' }) });
      h.clearLog();
      const result = await h.call('deployments_list', { limit: 2 });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: '/deployments',
          query: { limit: '2' },
          body: undefined,
          authorization: auth,
        }),
      ]);
      const first = result.structuredContent as Obj;
      expect(items(first).map((d) => d.name)).toEqual(['third', 'second']);
      expect(first).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
      const next = await ok('deployments_list', { limit: 2, after: first.nextPage });
      expect(items(next).map((d) => d.id)).toEqual([deploymentId]);
      expect(next.hasMore).toBe(false);
    });

    it('deployments_delete sends DELETE /deployments/{id} and returns {id}; then it is gone', async () => {
      h.clearLog();
      const result = await h.call('deployments_delete', { id: deploymentId });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        expect.objectContaining({
          method: 'DELETE',
          path: `/deployments/${deploymentId}`,
          query: {},
          body: undefined,
          authorization: auth,
        }),
      ]);
      expect(result.structuredContent).toEqual({ id: deploymentId });
      for (const tool of ['deployments_get', 'deployments_runs_list', 'deployments_history_list']) {
        const gone = await h.call(tool, { id: deploymentId });
        expect(gone.isError).toBe(true);
        expect(textOf(gone)).toContain('404');
      }
      const left = await ok('deployments_list');
      expect(items(left).map((d) => d.name)).toEqual(['third', 'second']);
    });
  });
});
