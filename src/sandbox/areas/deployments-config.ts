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

function need(cond: boolean, message: string): asserts cond {
  if (!cond) throw badRequest(message);
}

/**
 * The rules of a config that the API reference leaves out: validateRequest has checked its shape
 * (the union by apiVersion, required fields, types), so this adds a non-empty image and name and a
 * whole, non-negative number of replicas.
 */
function checkConfig(config: unknown): asserts config is DeploymentConfig {
  need(isRecord(config), 'config must be an object');
  need(
    isOneOf(API_VERSIONS, config.apiVersion),
    `config.apiVersion must be one of: ${API_VERSIONS.join(', ')}`,
  );
  for (const field of ['image', 'name']) {
    const value = config[field];
    need(typeof value === 'string' && value !== '', `config.${field} must be a non-empty string`);
  }
  need(isRecord(config.resources), 'config.resources must be an object');
  const { replicas } = config.resources;
  need(
    replicas === undefined || (typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0),
    'config.resources.replicas must be a non-negative integer',
  );
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
