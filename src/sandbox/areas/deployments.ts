import { createHash } from 'node:crypto';
import { badRequest } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea } from '../router.js';
import type { Store } from '../store.js';
import type { Row } from '../values.js';
import { collection } from './collection.js';
import { autoscalingOf, type DeploymentConfig, parseConfig, replicasOf } from './deployments-config.js';
import { dropRuns, runRoutes, startRun } from './deployments-runs.js';
import { type ActivityAction, recordActivity } from './projects-activity.js';
import { findOr404, str } from './rows.js';

/** The spec of a deployment (latestSpec, and each entry of its history). */
interface Spec extends Row {
  id: string;
  deploymentId: string;
  userId: string;
  data: DeploymentConfig;
  externalApplied: string | null;
  dtHealthy: string | null;
  error: string | null;
  metadata: Row | null;
}

/** A deployment row, stored exactly as the API returns it. */
export interface Deployment extends Row {
  id: string;
  name: string;
  projectId: string;
  teamId: string;
  endpoint: string;
  latestSpecHash: string | null;
  dtCreated: string;
  latestSpec: Spec | null;
  basicAuthKey: string | null;
}

/** A history entry: the spec (shared with latestSpec while it is the latest) and when it was submitted. */
interface HistoryEntry extends Row {
  deploymentId: string;
  dtCreated: string;
  spec: Spec;
}

const historyTable = (store: Store) => store.table<HistoryEntry>('deploymentHistory');

const hashOf = (config: DeploymentConfig) =>
  createHash('sha256').update(JSON.stringify(config)).digest('hex');

/** Stores a new spec as latestSpec and in the history, and starts a run for it. */
function applySpec(store: Store, deployment: Deployment, config: DeploymentConfig): void {
  const spec: Spec = {
    id: store.uuid(),
    deploymentId: deployment.id,
    userId: store.user.id,
    data: config,
    externalApplied: null,
    dtHealthy: null,
    error: null,
    metadata: null,
  };
  deployment.latestSpec = spec;
  deployment.latestSpecHash = hashOf(config);
  deployment.name = config.name;
  deployment.basicAuthKey = typeof config.basicAuthKey === 'string' ? config.basicAuthKey : null;
  const entry: HistoryEntry = { deploymentId: deployment.id, dtCreated: store.now(), spec };
  historyTable(store).set(spec.id, entry);
  startRun(store, deployment.id, config, () => {
    const at = store.now();
    spec.externalApplied = at;
    spec.dtHealthy = at;
  });
}

export function createDeployment(store: Store, projectId: string, config: DeploymentConfig): Deployment {
  const id = store.uuid();
  const deployment: Deployment = {
    id,
    name: config.name,
    projectId,
    teamId: store.team.id,
    endpoint: `https://d${id.replace(/-/g, '').slice(0, 24)}.clg07azjl.paperspacegradient.com`,
    latestSpecHash: null,
    dtCreated: store.now(),
    latestSpec: null,
    basicAuthKey: null,
  };
  deploymentRows.rows(store).set(id, deployment);
  applySpec(store, deployment, config);
  recordActivity(store, projectId, 'deployment.created', deployment);
  return deployment;
}

/** The activity an update produces: what changed between the previous and the new config. */
function changesOf(before: DeploymentConfig | undefined, after: DeploymentConfig) {
  const out: { action: ActivityAction; data?: { from: number; to: number } }[] = [
    { action: 'deployment.updated' },
  ];
  if (!before) return out;
  if ((before.enabled !== false) !== (after.enabled !== false)) {
    out.push({ action: after.enabled === false ? 'deployment.disabled' : 'deployment.enabled' });
  }
  const from = replicasOf(before);
  const to = replicasOf(after);
  if (from !== to && after.enabled !== false && before.enabled !== false) {
    out.push({ action: 'deployment.scaled', data: { from, to } });
  }
  if (autoscalingOf(before) !== autoscalingOf(after)) {
    out.push({
      action: autoscalingOf(after) ? 'deployment.autoscaling.enabled' : 'deployment.autoscaling.disabled',
    });
  }
  return out;
}

export function upsert(store: Store, body: Row): { deploymentId: string } {
  const projectId = str(body, 'projectId', true, 1);
  const deploymentId = str(body, 'deploymentId');
  const config = parseConfig(body.config);
  findOr404(store.table('projects'), projectId, 'Project');
  if (deploymentId === undefined) return { deploymentId: createDeployment(store, projectId, config).id };
  const deployment = deploymentRows.get(store, deploymentId);
  if (deployment.projectId !== projectId) {
    throw badRequest(`Deployment ${deploymentId} belongs to project ${deployment.projectId}`);
  }
  const before = deployment.latestSpec?.data;
  applySpec(store, deployment, config);
  for (const change of changesOf(before, config)) {
    recordActivity(store, projectId, change.action, deployment, change.data ?? null);
  }
  return { deploymentId: deployment.id };
}

/** Removes a deployment with its runs, logs and history; `record` notes it in the project's activity. */
export function removeDeployment(store: Store, deployment: Deployment, record = true): void {
  deploymentRows.rows(store).delete(deployment.id);
  dropRuns(store, deployment.id);
  const history = historyTable(store);
  for (const [key, entry] of history) if (entry.deploymentId === deployment.id) history.delete(key);
  if (record) {
    const dtDeleted = store.now();
    recordActivity(store, deployment.projectId, 'deployment.deleted', { ...deployment, dtDeleted });
  }
}

function listHistory(store: Store, deploymentId: string, query: Record<string, string>) {
  deploymentRows.get(store, deploymentId);
  const rows = [...historyTable(store).values()].filter((e) => e.deploymentId === deploymentId);
  const page = paginate(rows, query, ['dtCreated']);
  return { ...page, items: page.items.map((e) => ({ ...e.spec, workflowRun: null })) };
}

const deploymentRows = collection<Deployment>({
  path: '/deployments',
  table: 'deployments',
  what: 'Deployment',
  create: (body, store) => upsert(store, body),
  remove: (deployment, store) => {
    removeDeployment(store, deployment);
    return { id: deployment.id };
  },
});

export const deployments: SandboxArea = {
  routes: [
    ...deploymentRows.routes,
    route('GET', '/deployments/{id}/history', (req, store) =>
      listHistory(store, param(req, 'id'), req.query),
    ),
    ...runRoutes,
  ],
};
