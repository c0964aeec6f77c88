import * as z from 'zod';
import { bool, entity, id, input, num, type Operation, pageFields, pageOf } from './define.js';

const nameValue = z.strictObject({ name: z.string().min(1), value: z.string() });

/**
 * The deployment spec. The API accepts three spec versions (v0alpha0, v0alpha1, v1/latest); the
 * common fields are typed and the rest of a version's fields pass through unchanged.
 */
const deploymentConfig = z
  .looseObject({
    apiVersion: z
      .enum(['v0alpha0', 'v0alpha1', 'v1', 'latest'])
      .describe('Spec version; use latest (resources.machineType, ports) unless migrating an old spec.'),
    name: z.string().min(1).describe('Deployment name.'),
    image: z.string().min(1).describe('Container image, e.g. paperspace/deployment-fastapi:latest.'),
    enabled: bool().optional().describe('Serve traffic (default true); false scales to zero.'),
    port: num(z.number().int().min(1).max(65535)).optional().describe('Container port (v0alpha0).'),
    command: z.array(z.string()).optional().describe('Command that overrides the image entrypoint.'),
    env: z
      .array(nameValue)
      .optional()
      .describe('Environment variables; secret:NAME values reference secrets.'),
    containerRegistry: z.string().optional().describe('Name of a container registry for a private image.'),
    region: z.string().optional().describe('Region, e.g. "ny2".'),
    resources: z
      .looseObject({
        replicas: num(z.number().int().min(0)).optional().describe('Number of replicas (default 1).'),
        machineType: z.string().optional().describe('Machine type, e.g. "A4000" (v0alpha1 and later).'),
        instanceType: z.string().optional().describe('Instance type (v0alpha0).'),
        ports: z.array(num(z.number().int())).optional().describe('Exposed ports (v0alpha1 and later).'),
      })
      .describe('Replicas and the machine type they run on.'),
  })
  .describe(
    'Deployment spec: apiVersion, name, image, resources, and optionally port(s), env, command, region, healthChecks.',
  );

const deployment = entity({
  basicAuthKey: z.string().nullish(),
  dtCreated: z.string(),
  endpoint: z.string(),
  id: z.string(),
  latestSpec: z.looseObject({}).nullish(),
  latestSpecHash: z.string().nullish(),
  name: z.string(),
  projectId: z.string(),
  teamId: z.string(),
});
const run = entity({
  availableReplicas: z.number().nullish(),
  id: z.string(),
  instances: z.array(z.unknown()),
  readyReplicas: z.number().nullish(),
  replicas: z.number().nullish(),
});
const logLine = entity({
  dtCreated: z.string(),
  id: z.string(),
  instanceId: z.string().nullish(),
  jobId: z.string(),
  message: z.string(),
  uuid: z.string().nullish(),
});
const historyEntry = entity({
  data: z.unknown(),
  deploymentId: z.string(),
  dtHealthy: z.string().nullish(),
  error: z.string().nullish(),
  externalApplied: z.string().nullish(),
  id: z.string(),
  metadata: z.looseObject({}).nullish(),
  userId: z.string(),
  workflowRun: z.looseObject({}).nullish(),
});

export const deploymentsOperations = [
  {
    name: 'deployments_get',
    toolset: 'deployments',
    title: 'Get deployment',
    description:
      'Returns one deployment: endpoint URL, project, and the latest spec. Find ids with deployments_list.',
    kind: 'read',
    route: 'GET /deployments/{id}',
    input: input({ id: id('deployment') }),
    output: deployment,
  },
  {
    name: 'deployments_delete',
    toolset: 'deployments',
    title: 'Delete deployment',
    description: 'Deletes a deployment; its endpoint stops serving.',
    kind: 'delete',
    route: 'DELETE /deployments/{id}',
    input: input({ id: id('deployment') }),
    output: entity({ id: z.string() }),
    gated: true,
  },
  {
    name: 'deployments_list',
    toolset: 'deployments',
    title: 'List deployments',
    description: 'Lists deployments visible to the signed-in user with their endpoints and latest specs.',
    kind: 'read',
    route: 'GET /deployments',
    input: input({ ...pageFields(['dtCreated']) }),
    output: pageOf(deployment),
  },
  {
    name: 'deployments_upsert',
    toolset: 'deployments',
    title: 'Create or update deployment',
    description:
      'Creates a deployment from a spec (image, resources, port, env ...) in a project, or with deploymentId replaces the live spec of an existing one (replicas roll). Returns the deploymentId; watch it with deployments_runs_list.',
    kind: 'update',
    route: 'POST /deployments',
    input: input({
      deploymentId: z.string().nullable().optional(),
      projectId: z.string(),
      config: deploymentConfig,
    }),
    output: entity({ deploymentId: z.string() }),
    gated: true,
  },
  {
    name: 'deployments_runs_list',
    toolset: 'deployments',
    title: 'List deployment runs',
    description: 'Lists the active runs of a deployment with replica counts and instance states.',
    kind: 'read',
    route: 'GET /deployments/{id}/runs',
    input: input({
      id: id('deployment'),
      limit: num(z.number().int().min(1)).optional().describe('How many runs to return.'),
    }),
    output: z.object({ items: z.array(run) }),
    wrap: 'items',
  },
  {
    name: 'deployments_metrics_get',
    toolset: 'deployments',
    title: 'Get deployment metrics',
    description:
      'Returns a metric of a deployment (requests, CPU, memory, GPU, latency) over a timeframe, per instance.',
    kind: 'read',
    route: 'GET /deployments/{id}/metrics',
    input: input({
      id: id('deployment'),
      metric: z
        .enum([
          'requests_total',
          'cpu',
          'memory',
          'gpu',
          'requests_per_second',
          'requests_duration_seconds_1m',
          'requests_duration_seconds_5m',
        ])
        .describe('The metric to fetch.'),
      timeframe: z
        .enum(['hour', '12_hours', 'day', '1_week', '2_weeks'])
        .optional()
        .describe('The time frame for the metrics request.'),
    }),
    output: z.object({ data: z.unknown() }),
    wrap: 'data',
  },
  {
    name: 'deployments_logs_list',
    toolset: 'deployments',
    title: 'List deployment logs',
    description: 'Returns log lines of a deployment, optionally for one instance.',
    kind: 'read',
    route: 'GET /deployments/{id}/logs',
    input: input({
      id: id('deployment'),
      ...pageFields(['dtCreated']),
      instanceId: z.string().optional().describe('Only the logs of this instance.'),
    }),
    output: pageOf(logLine),
  },
  {
    name: 'deployments_history_list',
    toolset: 'deployments',
    title: 'List deployment history',
    description: 'Lists the spec changes of a deployment, newest first.',
    kind: 'read',
    route: 'GET /deployments/{id}/history',
    input: input({ id: id('deployment'), ...pageFields(['dtCreated']) }),
    output: pageOf(historyEntry),
  },
] as const satisfies readonly Operation[];
