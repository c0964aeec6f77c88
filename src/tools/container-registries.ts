import * as z from 'zod';
import { entity, id, input, type Operation, pageFields, pageOf } from './define.js';

const containerRegistry = entity({
  dtCreated: z.string(),
  dtModified: z.string(),
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string(),
  url: z.string(),
  username: z.string(),
});

export const containerRegistriesOperations = [
  {
    name: 'container_registries_create',
    toolset: 'container_registries',
    title: 'Create container registry',
    description:
      'Adds a private container registry (Docker Hub, GHCR, GCR, DigitalOcean, Azure or other) with its credentials so deployments can pull from it. Returns the registry without the password.',
    kind: 'create',
    route: 'POST /container-registries',
    input: input({
      kind: z
        .enum(['other', 'dockerhub', 'gcr', 'ghcr', 'digitalocean', 'azure'])
        .optional()
        .describe("Registry provider; when set, the registry is validated against the provider's rules."),
      name: z.string().min(1),
      namespace: z.string(),
      url: z.string().min(1),
      username: z.string().min(1),
      password: z.string(),
    }),
    output: containerRegistry,
  },
  {
    name: 'container_registries_list',
    toolset: 'container_registries',
    title: 'List container registries',
    description: "Lists the team's container registries (name, kind, url, username).",
    kind: 'read',
    route: 'GET /container-registries',
    input: input({ ...pageFields(['dtCreated']) }),
    output: pageOf(containerRegistry),
  },
  {
    name: 'container_registries_get',
    toolset: 'container_registries',
    title: 'Get container registry',
    description:
      'Returns one container registry by id (without its password). Find ids with container_registries_list.',
    kind: 'read',
    route: 'GET /container-registries/{id}',
    input: input({ id: id('container registry') }),
    output: containerRegistry,
  },
  {
    name: 'container_registries_update',
    toolset: 'container_registries',
    title: 'Update container registry',
    description:
      "Changes a container registry's name, kind, url or credentials. A new password replaces the stored one.",
    kind: 'update',
    route: 'PUT /container-registries/{id}',
    input: input({
      id: id('container registry'),
      name: z.string().min(1).optional(),
      kind: z
        .enum(['other', 'dockerhub', 'gcr', 'ghcr', 'digitalocean', 'azure'])
        .optional()
        .describe("Registry provider; when set, the registry is validated against the provider's rules."),
      namespace: z.string().optional(),
      url: z.string().min(1).optional(),
      username: z.string().min(1).optional(),
      password: z.string().optional(),
    }),
    output: containerRegistry,
    gated: true,
  },
  {
    name: 'container_registries_delete',
    toolset: 'container_registries',
    title: 'Delete container registry',
    description:
      'Deletes a container registry configuration. Deployments that pull through it may fail afterwards.',
    kind: 'delete',
    route: 'DELETE /container-registries/{id}',
    input: input({ id: id('container registry') }),
    output: containerRegistry,
    gated: true,
  },
  {
    name: 'container_registries_test_connection',
    toolset: 'container_registries',
    title: 'Test container registry connection',
    description:
      'Checks that Paperspace can log in to a container registry with its stored credentials; returns success and, on failure, the error.',
    kind: 'read',
    route: 'GET /container-registries/{id}/test-connection',
    input: input({ id: id('container registry') }),
    output: entity({ error: z.string().optional(), success: z.boolean() }),
  },
] as const satisfies readonly Operation[];
