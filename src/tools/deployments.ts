import * as z from 'zod';
import { deploymentsUpsertRule } from '../confirm/rules.js';
import { byDefault, entity, input, num, type Operation, pageFields, pageOf, uuid } from './define.js';
import { deploymentConfig } from './deployment-spec.js';
import { deployment } from './entities.js';
import { projectId } from './fields.js';

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
  data: z.unknown().optional(),
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
    description: 'Returns a deployment: endpoint URL, project, latest spec.',
    kind: 'read',
    route: 'GET /deployments/{id}',
    input: input({ id: uuid('deployment') }),
    output: deployment,
  },
  {
    name: 'deployments_delete',
    toolset: 'deployments',
    title: 'Delete deployment',
    description: 'Deletes a deployment.',
    kind: 'delete',
    route: 'DELETE /deployments/{id}',
    input: input({ id: uuid('deployment') }),
    output: entity({ id: z.string() }),
    gated: true,
    confirm: {
      why: 'Stops a serving endpoint.',
      undo: 'Cannot be undone: the endpoint stops serving.',
    },
  },
  {
    name: 'deployments_list',
    toolset: 'deployments',
    title: 'List deployments',
    description: 'Lists deployments, their endpoints and latest specs.',
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
      'Creates a deployment in a project, or replaces the spec of deploymentId. Returns its id; watch it with deployments_wait.',
    kind: 'update',
    cost: 'deployment',
    route: 'POST /deployments',
    input: input({
      deploymentId: byDefault(z.string().nullable(), null).optional().describe('Deployment to update'),
      projectId,
      config: deploymentConfig,
    }),
    output: entity({ deploymentId: z.string() }),
    gated: true,
    confirm: deploymentsUpsertRule,
    task: {
      aftermath:
        'The deployment reached the API: its rollout may go on; check it with deployments_get, change it with deployments_upsert or remove it with deployments_delete.',
      settle: { deployment: 'ready' },
    },
  },
  {
    name: 'deployments_runs_list',
    toolset: 'deployments',
    title: 'List deployment runs',
    description: 'Lists the active runs of a deployment: replicas, instance states.',
    kind: 'read',
    route: 'GET /deployments/{id}/runs',
    input: input({
      id: uuid('deployment'),
      limit: num(byDefault(z.number(), 10)).optional().describe('Latest runs to return'),
    }),
    output: z.object({ items: z.array(run) }),
    wrap: 'items',
  },
  {
    name: 'deployments_metrics_get',
    toolset: 'deployments',
    title: 'Get deployment metrics',
    description: 'Returns a metric of a deployment over a timeframe, per instance.',
    kind: 'read',
    route: 'GET /deployments/{id}/metrics',
    input: input({
      id: uuid('deployment'),
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
        .describe('Metric'),
      timeframe: z.enum(['hour', '12_hours', 'day', '1_week', '2_weeks']).optional().describe('Time frame'),
    }),
    output: z.object({ data: z.unknown() }),
    wrap: 'data',
  },
  {
    name: 'deployments_logs_list',
    toolset: 'deployments',
    title: 'List deployment logs',
    description: 'Returns log lines of a deployment.',
    kind: 'read',
    route: 'GET /deployments/{id}/logs',
    input: input({
      id: uuid('deployment'),
      ...pageFields(['dtCreated']),
      instanceId: z.string().optional().describe('Instance id'),
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
    input: input({ id: uuid('deployment'), ...pageFields(['dtCreated']) }),
    output: pageOf(historyEntry),
  },
] as const satisfies readonly Operation[];
