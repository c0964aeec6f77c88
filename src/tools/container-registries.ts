import * as z from 'zod';
import { entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { nameOf } from './fields.js';

/** The registry fields create and update share, described once. */
const kind = z
  .enum(['other', 'dockerhub', 'gcr', 'ghcr', 'digitalocean', 'azure'])
  .describe('Provider; checks the registry against its rules');
const namespace = z.string().describe('Namespace, e.g. the user or org');
const url = z.string().min(1).describe('Registry URL');
const username = z.string().min(1).describe('Login user');
const password = z.string().describe('Login password or token');

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
    description: 'Adds a private container registry and its login, for deployments to pull from.',
    kind: 'create',
    confirm: {
      never: 'Adds registry credentials; nothing existing changes. Replacing them (update) is gated.',
    },
    route: 'POST /container-registries',
    input: input({
      kind: kind.optional(),
      name: nameOf('registry').min(1),
      namespace,
      url,
      username,
      password,
    }),
    output: containerRegistry,
  },
  {
    name: 'container_registries_list',
    toolset: 'container_registries',
    title: 'List container registries',
    description: "Lists the team's container registries.",
    kind: 'read',
    route: 'GET /container-registries',
    input: input({ ...pageFields(['dtCreated']) }),
    output: pageOf(containerRegistry),
  },
  {
    name: 'container_registries_get',
    toolset: 'container_registries',
    title: 'Get container registry',
    description: 'Returns a container registry (without its password).',
    kind: 'read',
    route: 'GET /container-registries/{id}',
    input: input({ id: id('container registry') }),
    output: containerRegistry,
  },
  {
    name: 'container_registries_update',
    toolset: 'container_registries',
    title: 'Update container registry',
    description: 'Changes a container registry; a new password replaces the stored one.',
    kind: 'update',
    route: 'PUT /container-registries/{id}',
    input: input({
      id: id('container registry'),
      name: nameOf('registry').min(1).optional(),
      kind: kind.optional(),
      namespace: namespace.optional(),
      url: url.optional(),
      username: username.optional(),
      password: password.optional(),
    }),
    output: containerRegistry,
    gated: true,
    confirm: {
      why: 'Replaces stored credentials that cannot be read back.',
      undo: 'The stored credentials are replaced and cannot be read back.',
    },
  },
  {
    name: 'container_registries_delete',
    toolset: 'container_registries',
    title: 'Delete container registry',
    description: 'Deletes a container registry; deployments pulling from it may fail.',
    kind: 'delete',
    route: 'DELETE /container-registries/{id}',
    input: input({ id: id('container registry') }),
    output: containerRegistry,
    gated: true,
    confirm: {
      why: 'Deletes credentials deployments pull images with.',
      undo: 'Cannot be undone: deployments pulling through it may fail.',
    },
  },
  {
    name: 'container_registries_test_connection',
    toolset: 'container_registries',
    title: 'Test container registry connection',
    description: 'Checks that Paperspace can log in to a container registry; returns success or the error.',
    kind: 'read',
    route: 'GET /container-registries/{id}/test-connection',
    input: input({ id: id('container registry') }),
    output: entity({ error: z.string().optional(), success: z.boolean() }),
  },
] as const satisfies readonly Operation[];
