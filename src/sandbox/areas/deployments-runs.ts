import { badRequest } from '../errors.js';
import { paginate } from '../paging.js';
import { param, type RouteDef, route } from '../router.js';
import { type Store, stableFraction } from '../store.js';
import type { Row } from '../values.js';
import { isOneOf } from '../values.js';
import { type DeploymentConfig, portOf, replicasOf } from './deployments-config.js';
import { findOr404, publicView } from './rows.js';

/** Runs (one per applied spec), their instances, logs and metrics. */

interface InstanceState {
  state: string;
  message: string | null;
  timestamp: string;
}

interface Instance extends Row {
  id: string;
  instanceId: string;
  dtCreated: string;
  dtFinished: string | null;
  state: string;
  stateMessage: string | null;
  history: InstanceState[];
}

interface Run extends Row {
  deploymentId: string;
  dtCreated: string;
  id: string;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  instances: Instance[];
}

interface LogLine extends Row {
  deploymentId: string;
  id: string;
  jobId: string;
  message: string;
  uuid: string | null;
  dtCreated: string;
  instanceId: string | null;
}

const RUN_INTERNAL = ['deploymentId', 'dtCreated'] as const;
const runTable = (store: Store) => store.table<Run>('deploymentRuns');
const logTable = (store: Store) => store.table<LogLine>('deploymentLogs');
const deploymentExists = (store: Store, id: string) =>
  findOr404(store.table('deployments'), id, 'Deployment');

function setState(instance: Instance, state: string, message: string | null, at: string): void {
  instance.state = state;
  instance.stateMessage = message;
  instance.history.push({ state, message, timestamp: at });
}

function log(store: Store, run: Run, instanceId: string | null, message: string): void {
  const line: LogLine = {
    deploymentId: run.deploymentId,
    id: store.uuid(),
    jobId: run.id,
    message,
    uuid: null,
    dtCreated: store.now(),
    instanceId,
  };
  logTable(store).set(line.id, line);
}

function newInstance(store: Store, name: string): Instance {
  const slug = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const at = store.now();
  const id = store.uuid();
  // One id draw names both the pod and the instance: while seeding, the same on every start.
  const suffix = store.id('', 14);
  const instance: Instance = {
    id,
    instanceId: `${slug}-${suffix.slice(5)}-${suffix.slice(0, 5)}`,
    dtCreated: at,
    dtFinished: null,
    state: 'pending',
    stateMessage: null,
    history: [],
  };
  setState(instance, 'pending', 'Scheduling instance', at);
  return instance;
}

/** Winds down a superseded run: its instances stop and its replica counts drop to 0. */
function stopRun(store: Store, run: Run): void {
  for (const instance of run.instances) {
    if (instance.dtFinished !== null) continue;
    const at = store.now();
    setState(instance, 'stopped', 'Replaced by a newer deployment spec', at);
    instance.dtFinished = at;
    log(store, run, instance.instanceId, 'Received SIGTERM, shutting down');
  }
  run.replicas = 0;
  run.readyReplicas = 0;
  run.availableReplicas = 0;
}

/** False once the deployment is deleted or a newer spec superseded the run. */
function isLatestRun(store: Store, run: Run): boolean {
  let latest: Run | undefined;
  for (const r of runTable(store).values()) if (r.deploymentId === run.deploymentId) latest = r;
  return latest === run;
}

/**
 * Applies a spec: a new run whose instances start pending and become running after the store's
 * transition delay; the deployment's previous runs stop. `onReady` runs when the instances are up.
 */
export function startRun(
  store: Store,
  deploymentId: string,
  config: DeploymentConfig,
  onReady: () => void,
): Run {
  for (const run of runTable(store).values()) if (run.deploymentId === deploymentId) stopRun(store, run);
  const replicas = replicasOf(config);
  const run: Run = {
    deploymentId,
    dtCreated: store.now(),
    id: store.uuid(),
    replicas,
    readyReplicas: 0,
    availableReplicas: 0,
    instances: Array.from({ length: replicas }, () => newInstance(store, config.name)),
  };
  runTable(store).set(run.id, run);
  store.later(() => {
    if (!isLatestRun(store, run)) return;
    for (const instance of run.instances) {
      log(store, run, instance.instanceId, `Pulling image "${config.image}"`);
      log(store, run, instance.instanceId, `Successfully pulled image "${config.image}"`);
      setState(instance, 'running', null, store.now());
      log(store, run, instance.instanceId, `Listening on 0.0.0.0:${portOf(config)}`);
    }
    run.readyReplicas = replicas;
    run.availableReplicas = replicas;
    onReady();
  });
  return run;
}

/** Forgets the runs and logs of a deleted deployment. */
export function dropRuns(store: Store, deploymentId: string): void {
  const runs = runTable(store);
  const logs = logTable(store);
  for (const [key, row] of runs) if (row.deploymentId === deploymentId) runs.delete(key);
  for (const [key, row] of logs) if (row.deploymentId === deploymentId) logs.delete(key);
}

function listRuns(store: Store, deploymentId: string, query: Record<string, string>) {
  deploymentExists(store, deploymentId);
  const limit = query.limit === undefined ? 10 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1) throw badRequest('limit must be a positive integer');
  return [...runTable(store).values()]
    .filter((r) => r.deploymentId === deploymentId)
    .sort((a, b) => (a.dtCreated < b.dtCreated ? 1 : -1))
    .slice(0, limit)
    .map((r) => publicView(r, RUN_INTERNAL));
}

function listLogs(store: Store, deploymentId: string, query: Record<string, string>) {
  deploymentExists(store, deploymentId);
  const rows = [...logTable(store).values()].filter(
    (l) =>
      l.deploymentId === deploymentId &&
      (query.instanceId === undefined || l.instanceId === query.instanceId),
  );
  const page = paginate(rows, query, ['dtCreated']);
  return { ...page, items: page.items.map((l) => publicView(l, ['deploymentId'])) };
}

const METRICS = [
  'requests_total',
  'cpu',
  'memory',
  'gpu',
  'requests_per_second',
  'requests_duration_seconds_1m',
  'requests_duration_seconds_5m',
] as const;
type Metric = (typeof METRICS)[number];

/** Sample spacing of each timeframe, in minutes (12 samples a series). */
const TIMEFRAMES: Record<string, number> = {
  hour: 5,
  '12_hours': 60,
  day: 120,
  '1_week': 840,
  '2_weeks': 1680,
};

function sampleValue(metric: Metric, key: string): string {
  const n = stableFraction(`${metric}:${key}`);
  switch (metric) {
    case 'cpu':
      return (0.05 + n * 0.9).toFixed(3);
    case 'memory':
      return String(Math.round(400_000_000 + n * 1_200_000_000));
    case 'gpu':
      return (n * 95).toFixed(1);
    case 'requests_per_second':
      return (n * 40).toFixed(2);
    default:
      return (0.02 + n * 0.4).toFixed(4);
  }
}

function metrics(store: Store, deploymentId: string, query: Record<string, string>) {
  deploymentExists(store, deploymentId);
  const metric = query.metric;
  if (metric === undefined) throw badRequest('metric is required');
  if (!isOneOf(METRICS, metric)) throw badRequest(`metric must be one of: ${METRICS.join(', ')}`);
  const step = TIMEFRAMES[query.timeframe ?? 'hour'];
  if (step === undefined) throw badRequest(`timeframe must be one of: ${Object.keys(TIMEFRAMES).join(', ')}`);
  const runs = [...runTable(store).values()].filter((r) => r.deploymentId === deploymentId);
  const running = runs.flatMap((r) =>
    r.instances.filter((i) => i.state === 'running').map((i) => i.instanceId),
  );
  // The series ends at the deployment's last change (or the day the sandbox seeded from), on the
  // timeframe's grid: reads of the same state get the same samples, whatever the clock says.
  const changes = runs.flatMap((r) => [
    r.dtCreated,
    ...r.instances.flatMap((i) => i.history.map((h) => h.timestamp)),
  ]);
  const stepMs = step * 60_000;
  const last = Math.max(store.seedAnchor, ...changes.map((t) => Date.parse(t)));
  const end = Math.floor(last / stepMs) * stepMs;
  const times = Array.from({ length: 12 }, (_, i) => new Date(end - (11 - i) * stepMs).toISOString());
  if (metric === 'requests_total') {
    const total = running.length === 0 ? 0 : Math.round(1000 + stableFraction(deploymentId) * 50_000);
    return { timestamp: times[11], value: String(total) };
  }
  if (metric === 'cpu' || metric === 'memory') {
    return running.map((instanceId) => ({
      instanceId,
      values: times.map((timestamp) => ({ timestamp, value: sampleValue(metric, instanceId + timestamp) })),
    }));
  }
  if (metric === 'gpu') {
    return running.flatMap((instanceId) =>
      times.map((timestamp) => ({
        instanceId,
        gpu: '0',
        timestamp,
        value: sampleValue(metric, instanceId + timestamp),
      })),
    );
  }
  if (running.length === 0) return [];
  return times.map((timestamp) => ({ timestamp, value: sampleValue(metric, deploymentId + timestamp) }));
}

export const runRoutes: RouteDef[] = [
  route('GET', '/deployments/{id}/runs', (req, store) => listRuns(store, param(req, 'id'), req.query)),
  route('GET', '/deployments/{id}/logs', (req, store) => listLogs(store, param(req, 'id'), req.query)),
  route('GET', '/deployments/{id}/metrics', (req, store) => metrics(store, param(req, 'id'), req.query)),
];
