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

const nameValue = z.strictObject({ name: z.string(), value: z.string() }).meta({ id: 'NameValue' });

const probeTiming = {
  failureThreshold: number().optional(),
  initialDelaySeconds: number().optional(),
  periodSeconds: number().optional(),
  timeoutSeconds: number().optional(),
};
/** A health check: an HTTP GET of `path`, or a command run in the container. */
const probe = z
  .union([
    z.strictObject({
      ...probeTiming,
      headers: z.array(nameValue).optional(),
      host: z.string().optional(),
      path: z.string(),
      port: number().optional(),
    }),
    z.strictObject({ ...probeTiming, exec: z.strictObject({ command: strings() }) }),
  ])
  .meta({ id: 'Probe' });
const healthChecks = z
  .strictObject({ liveness: probe.optional(), readiness: probe.optional(), startup: probe.optional() })
  .meta({ id: 'HealthChecks' });

const autoscaling = z
  .strictObject({
    enabled: bool().optional(),
    maxReplicas: number(),
    metrics: z.array(
      z.union([
        z.strictObject({
          metric: z.enum(['requestDuration']),
          summary: z.enum(['average']),
          value: threshold(),
        }),
        z.strictObject({
          metric: z.enum(['cpu', 'memory']),
          summary: z.enum(['average']),
          value: threshold(),
        }),
      ]),
    ),
  })
  .meta({ id: 'Autoscaling' });
const replicas = num(byDefault(z.number(), 1)).optional();

/** Fields every spec version has. */
const common = {
  command: strings().optional(),
  containerRegistry: z.string().optional().describe('Registry name, for a private image.'),
  enabled: bool(true).optional(),
  env: z.array(nameValue).optional().describe('Values may reference secrets as secret:NAME.'),
  image: z.string(),
  name: z.string(),
  region: z.string().optional(),
};

const v0alpha0 = z.strictObject({
  apiVersion: z.literal('v0alpha0'),
  ...common,
  healthChecks: healthChecks.optional(),
  models: z.array(z.strictObject({ id: z.string(), path: z.string().optional() })).optional(),
  port: num(byDefault(z.number(), 80)).optional(),
  repositories: z
    .strictObject({
      dataset: z.string(),
      mountPath: z.string().optional(),
      repositories: z.array(
        z.strictObject({
          name: z.string(),
          password: z.string().optional(),
          ref: z.string().optional(),
          url: z.string(),
          username: z.string().optional(),
        }),
      ),
    })
    .optional(),
  resources: z.strictObject({ autoscaling: autoscaling.optional(), instanceType: z.string(), replicas }),
});

const s3Access = { accessKeyId: z.string().optional(), secretAccessKey: z.string().optional() };
/** Storage mounted into the container: a model, an S3 or Spaces bucket, a volume or a Git LFS repo. */
const integration = z
  .union([
    z.strictObject({
      id: z.string(),
      name: z.string(),
      path: byDefault(z.string(), '/opt/models').optional(),
      type: z.enum(['model']),
    }),
    z.strictObject({
      ...s3Access,
      endpoint: z.string().optional(),
      name: z.string(),
      path: z.string().optional(),
      region: z.string().optional(),
      type: z.enum(['s3']),
      url: z.string(),
    }),
    z.strictObject({
      ...s3Access,
      endpoint: z.string(),
      name: z.string(),
      path: z.string().optional(),
      type: z.enum(['spaces']),
    }),
    z.strictObject({ name: z.string(), type: z.enum(['volume']) }),
    z.strictObject({
      name: z.string(),
      path: z.string().optional(),
      type: z.enum(['git-lfs']),
      url: z.url(),
    }),
  ])
  .meta({ id: 'Integration' });

/** v0alpha1, v1 and latest share one shape. */
const current = <const V extends readonly [string, ...string[]]>(versions: V) =>
  z.strictObject({
    apiVersion: z.enum(versions),
    ...common,
    basicAuthKey: z.string().optional(),
    healthchecks: healthChecks.optional(),
    healthChecks: healthChecks.optional(),
    integrations: z.array(integration).optional(),
    resources: z.strictObject({
      autoscaling: autoscaling.optional(),
      machineType: z.string().describe('e.g. "A4000".'),
      ports: z.array(number()).describe('Container ports to expose.'),
      replicas,
    }),
  });

export const deploymentConfig = z
  .discriminatedUnion('apiVersion', [v0alpha0, current(['v0alpha1']), current(['v1', 'latest'])])
  .describe('The spec, by apiVersion: latest unless keeping an older spec.');
