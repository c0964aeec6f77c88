import * as z from 'zod';
import { bool, byDefault, num } from './define.js';

/**
 * The deployment spec (`config` of deployments_upsert), one shape per `apiVersion` as the API
 * reference defines it: v0alpha0 (resources.instanceType, port, models, repositories) and
 * v0alpha1 / v1 / latest (resources.machineType + ports, integrations, basicAuthKey). Every field
 * is typed; parts that repeat carry a `$defs` id so the JSON Schema states them once. Numbers are
 * plain numbers, as the reference types them: whole and 0 or more, autoscaling targets fractional.
 */

const number = () => num(z.number());
/** An autoscaling target (an average request duration or a utilisation): may be fractional. */
const threshold = () => num(z.number(), { fractional: true });
const strings = () => z.array(z.string());

const nameValue = z
  .strictObject({ name: z.string().describe('Name'), value: z.string().describe('Value') })
  .meta({ id: 'NameValue' });

const probeTiming = {
  failureThreshold: number().optional().describe('Failures before unhealthy'),
  initialDelaySeconds: number().optional().describe('Seconds before the first check'),
  periodSeconds: number().optional().describe('Seconds between checks'),
  timeoutSeconds: number().optional().describe('Seconds a check may take'),
};
/** A health check: an HTTP GET of `path`, or a command run in the container. */
const probe = z
  .union([
    z.strictObject({
      ...probeTiming,
      headers: z.array(nameValue).optional().describe('Request headers'),
      host: z.string().optional().describe('Host header'),
      path: z.string().describe('HTTP path to GET'),
      port: number().optional().describe('Port to check'),
    }),
    z.strictObject({
      ...probeTiming,
      exec: z
        .strictObject({ command: strings().describe('Command and arguments') })
        .describe('Command run in the container'),
    }),
  ])
  .meta({ id: 'Probe' });
const healthChecks = z
  .strictObject({
    liveness: probe.optional().describe('Restarts the container on failure'),
    readiness: probe.optional().describe('Sends traffic once it passes'),
    startup: probe.optional().describe('Holds the other checks until it passes'),
  })
  .meta({ id: 'HealthChecks' });

/** An autoscaling rule: the metric, how it is summarised, and the target value. */
const scaleOn = <const M extends readonly [string, ...string[]]>(metrics: M, unit: string) =>
  z.strictObject({
    metric: z.enum(metrics).describe('Metric'),
    summary: z.enum(['average']).describe('Summary'),
    value: threshold().describe(`Target ${unit}`),
  });
const autoscaling = z
  .strictObject({
    enabled: bool().optional().describe('Autoscale'),
    maxReplicas: number().describe('Most replicas'),
    metrics: z
      .array(z.union([scaleOn(['requestDuration'], 'seconds'), scaleOn(['cpu', 'memory'], 'percent')]))
      .describe('Scaling targets'),
  })
  .meta({ id: 'Autoscaling' });
const replicas = num(byDefault(z.number(), 1)).optional().describe('Replicas');

/** Fields every spec version has. */
const common = {
  command: strings().optional().describe('Container command'),
  containerRegistry: z.string().optional().describe('Registry name, for a private image'),
  enabled: bool(true).optional().describe('false scales to zero'),
  env: z.array(nameValue).optional().describe('Env vars; a value may be secret:NAME'),
  image: z.string().describe('Container image'),
  name: z.string().describe('Deployment name'),
  region: z.string().optional().describe('e.g. ny2'),
};
const healthChecksField = healthChecks.optional().describe('Health checks');

const v0alpha0 = z.strictObject({
  apiVersion: z.literal('v0alpha0').describe('Spec version'),
  ...common,
  healthChecks: healthChecksField,
  models: z
    .array(
      z.strictObject({
        id: z.string().describe('Model id'),
        path: z.string().optional().describe('Mount path'),
      }),
    )
    .optional()
    .describe('Models to mount'),
  port: num(byDefault(z.number(), 80)).optional().describe('Container port'),
  repositories: z
    .strictObject({
      dataset: z.string().describe('Dataset id for the clones'),
      mountPath: z.string().optional().describe('Mount path'),
      repositories: z
        .array(
          z.strictObject({
            name: z.string().describe('Repository name'),
            password: z.string().optional().describe('Git password'),
            ref: z.string().optional().describe('Branch, tag or commit'),
            url: z.string().describe('Git URL'),
            username: z.string().optional().describe('Git user'),
          }),
        )
        .describe('Git repositories'),
    })
    .optional()
    .describe('Git repositories to mount'),
  resources: z
    .strictObject({
      autoscaling: autoscaling.optional().describe('Autoscaling'),
      instanceType: z.string().describe('e.g. A4000'),
      replicas,
    })
    .describe('Machines to run on'),
});

const s3Access = {
  accessKeyId: z.string().optional().describe('Access key id'),
  secretAccessKey: z.string().optional().describe('Secret access key'),
};
const mountName = z.string().describe('Integration name');
const mountPath = z.string().optional().describe('Mount path');
/** Storage mounted into the container: a model, an S3 or Spaces bucket, a volume or a Git LFS repo. */
const integration = z
  .union([
    z.strictObject({
      id: z.string().describe('Model id'),
      name: mountName,
      path: byDefault(z.string(), '/opt/models').optional().describe('Mount path'),
      type: z.enum(['model']).describe('Kind'),
    }),
    z.strictObject({
      ...s3Access,
      endpoint: z.string().optional().describe('S3 endpoint'),
      name: mountName,
      path: mountPath,
      region: z.string().optional().describe('Bucket region'),
      type: z.enum(['s3']).describe('Kind'),
      url: z.string().describe('s3://bucket/prefix'),
    }),
    z.strictObject({
      ...s3Access,
      endpoint: z.string().describe('Spaces endpoint'),
      name: mountName,
      path: mountPath,
      type: z.enum(['spaces']).describe('Kind'),
    }),
    z.strictObject({ name: mountName, type: z.enum(['volume']).describe('Kind') }),
    z.strictObject({
      name: mountName,
      path: mountPath,
      type: z.enum(['git-lfs']).describe('Kind'),
      url: z.url().describe('Repository URL'),
    }),
  ])
  .meta({ id: 'Integration' });

/** The resources of v0alpha1, v1 and latest: one shape, stated once. */
const resources = z
  .strictObject({
    autoscaling: autoscaling.optional().describe('Autoscaling'),
    machineType: z.string().describe('e.g. A4000'),
    ports: z.array(number()).describe('Container ports to expose'),
    replicas,
  })
  .meta({ id: 'Resources' });

/** v0alpha1, v1 and latest share one shape. */
const current = <const V extends readonly [string, ...string[]]>(versions: V) =>
  z.strictObject({
    apiVersion: z.enum(versions).describe('Spec version'),
    ...common,
    basicAuthKey: z.string().optional().describe('Basic auth for the endpoint'),
    healthchecks: healthChecksField,
    healthChecks: healthChecksField,
    integrations: z.array(integration).optional().describe('Storage to mount'),
    resources: resources.describe('Machines to run on'),
  });

export const deploymentConfig = z
  .discriminatedUnion('apiVersion', [v0alpha0, current(['v0alpha1']), current(['v1', 'latest'])])
  .describe('The spec, by apiVersion: latest unless keeping an older spec');
