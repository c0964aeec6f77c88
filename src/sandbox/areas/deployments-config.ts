import { badRequest } from '../errors.js';
import type { Row } from '../values.js';
import { isOneOf, isRecord } from '../values.js';

/** Validation of the deployment `config` union (v0alpha0 | v0alpha1 | v1/latest) and what it implies. */

export const API_VERSIONS = ['v0alpha0', 'v0alpha1', 'v1', 'latest'] as const;

export interface DeploymentConfig extends Row {
  apiVersion: (typeof API_VERSIONS)[number];
  image: string;
  name: string;
  enabled?: boolean;
  env?: { name: string; value: string }[];
  port?: number;
  basicAuthKey?: string;
  resources: Row & {
    instanceType?: string;
    machineType?: string;
    ports?: number[];
    replicas?: number;
    autoscaling?: Row & { enabled?: boolean; maxReplicas: number; metrics: unknown[] };
  };
}

type Resources = DeploymentConfig['resources'];

function need(cond: boolean, message: string): asserts cond {
  if (!cond) throw badRequest(message);
}

function checkString(obj: Row, field: string, path: string, required: boolean): void {
  const value = obj[field];
  if (value === undefined && !required) return;
  need(value !== undefined && value !== null, `${path}.${field} is required`);
  need(typeof value === 'string' && value !== '', `${path}.${field} must be a non-empty string`);
}

/** Checks the resources the config's apiVersion requires; asserts what the checks establish. */
function checkResources(resources: unknown, apiVersion: string): asserts resources is Resources {
  need(resources !== undefined, 'config.resources is required');
  need(isRecord(resources), 'config.resources must be an object');
  if (apiVersion === 'v0alpha0') {
    checkString(resources, 'instanceType', 'config.resources', true);
  } else {
    checkString(resources, 'machineType', 'config.resources', true);
    need(resources.ports !== undefined, 'config.resources.ports is required');
    need(
      Array.isArray(resources.ports) && resources.ports.every((p) => typeof p === 'number'),
      'config.resources.ports must be an array of numbers',
    );
  }
  const { replicas, autoscaling } = resources;
  need(
    replicas === undefined || (typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0),
    'config.resources.replicas must be a non-negative integer',
  );
  if (autoscaling !== undefined) {
    need(isRecord(autoscaling), 'config.resources.autoscaling must be an object');
    need(
      typeof autoscaling.maxReplicas === 'number',
      'config.resources.autoscaling.maxReplicas must be a number',
    );
    need(Array.isArray(autoscaling.metrics), 'config.resources.autoscaling.metrics must be an array');
  }
}

function checkEnv(env: unknown): void {
  if (env === undefined) return;
  need(
    Array.isArray(env) &&
      env.every((e) => isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string'),
    'config.env must be an array of {name, value} strings',
  );
}

/** Checks the fields the API requires of a config (the rest of it is stored as sent). */
function checkConfig(config: unknown): asserts config is DeploymentConfig {
  need(config !== undefined && config !== null, 'config is required');
  need(isRecord(config), 'config must be an object');
  const { apiVersion } = config;
  need(apiVersion !== undefined, 'config.apiVersion is required');
  need(isOneOf(API_VERSIONS, apiVersion), `config.apiVersion must be one of: ${API_VERSIONS.join(', ')}`);
  checkString(config, 'image', 'config', true);
  checkString(config, 'name', 'config', true);
  checkResources(config.resources, apiVersion);
  need(
    config.enabled === undefined || typeof config.enabled === 'boolean',
    'config.enabled must be a boolean',
  );
  checkEnv(config.env);
}

export function parseConfig(config: unknown): DeploymentConfig {
  checkConfig(config);
  return config;
}

/** Running replicas the config asks for (a disabled deployment runs none). */
export const replicasOf = (c: DeploymentConfig): number =>
  c.enabled === false ? 0 : (c.resources.replicas ?? 1);

export const autoscalingOf = (c: DeploymentConfig): boolean =>
  c.resources.autoscaling !== undefined && c.resources.autoscaling.enabled !== false;

export const portOf = (c: DeploymentConfig): number => c.resources.ports?.[0] ?? c.port ?? 80;
