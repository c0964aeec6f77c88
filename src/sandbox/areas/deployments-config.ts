import { badRequest } from '../errors.js';
import type { Row } from './projects-common.js';

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

const isObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

function need(cond: boolean, message: string): void {
  if (!cond) throw badRequest(message);
}

function checkString(obj: Row, field: string, path: string, required: boolean): void {
  const value = obj[field];
  if (value === undefined && !required) return;
  need(value !== undefined && value !== null, `${path}.${field} is required`);
  need(typeof value === 'string' && value !== '', `${path}.${field} must be a non-empty string`);
}

function checkResources(resources: unknown, apiVersion: string): void {
  need(resources !== undefined, 'config.resources is required');
  need(isObject(resources), 'config.resources must be an object');
  const r = resources as Row;
  if (apiVersion === 'v0alpha0') {
    checkString(r, 'instanceType', 'config.resources', true);
  } else {
    checkString(r, 'machineType', 'config.resources', true);
    need(r.ports !== undefined, 'config.resources.ports is required');
    need(
      Array.isArray(r.ports) && r.ports.every((p) => typeof p === 'number'),
      'config.resources.ports must be an array of numbers',
    );
  }
  const replicas = r.replicas;
  need(
    replicas === undefined || (Number.isInteger(replicas) && (replicas as number) >= 0),
    'config.resources.replicas must be a non-negative integer',
  );
  if (r.autoscaling !== undefined) {
    need(isObject(r.autoscaling), 'config.resources.autoscaling must be an object');
    const a = r.autoscaling as Row;
    need(typeof a.maxReplicas === 'number', 'config.resources.autoscaling.maxReplicas must be a number');
    need(Array.isArray(a.metrics), 'config.resources.autoscaling.metrics must be an array');
  }
}

function checkEnv(env: unknown): void {
  if (env === undefined) return;
  need(
    Array.isArray(env) &&
      env.every((e) => isObject(e) && typeof e.name === 'string' && typeof e.value === 'string'),
    'config.env must be an array of {name, value} strings',
  );
}

/** Checks the fields the API requires of a config; the rest of it is stored as sent. */
export function parseConfig(config: unknown): DeploymentConfig {
  need(config !== undefined && config !== null, 'config is required');
  need(isObject(config), 'config must be an object');
  const c = config as Row;
  need(c.apiVersion !== undefined, 'config.apiVersion is required');
  need(
    (API_VERSIONS as readonly unknown[]).includes(c.apiVersion),
    `config.apiVersion must be one of: ${API_VERSIONS.join(', ')}`,
  );
  checkString(c, 'image', 'config', true);
  checkString(c, 'name', 'config', true);
  checkResources(c.resources, c.apiVersion as string);
  need(c.enabled === undefined || typeof c.enabled === 'boolean', 'config.enabled must be a boolean');
  checkEnv(c.env);
  return c as DeploymentConfig;
}

/** Running replicas the config asks for (a disabled deployment runs none). */
export const replicasOf = (c: DeploymentConfig): number =>
  c.enabled === false ? 0 : (c.resources.replicas ?? 1);

export const autoscalingOf = (c: DeploymentConfig): boolean =>
  c.resources.autoscaling !== undefined && c.resources.autoscaling.enabled !== false;

export const portOf = (c: DeploymentConfig): number => c.resources.ports?.[0] ?? c.port ?? 80;
