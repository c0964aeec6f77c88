import * as z from 'zod';
import { dtDeleted, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { deployment, model, secret, secretCreated } from './entities.js';

const project = entity({
  dtCreated: z.string(),
  dtDeleted,
  id: z.string(),
  name: z.string(),
  repoName: z.string().nullish(),
  repoNodeId: z.string().nullish(),
  repoUrl: z.string().nullish(),
});
const activity = entity({
  action: z.string(),
  actor: z.looseObject({}).nullish(),
  data: z.looseObject({}).nullish(),
  deployment: z.looseObject({}).nullish(),
  dtCreated: z.string(),
  id: z.string(),
});
const collaborator = entity({
  dtCreated: z.string(),
  dtDeleted,
  user: z.looseObject({}),
});

export const projectsOperations = [
  {
    name: 'projects_deployments_list',
    toolset: 'projects',
    title: "List project's deployments",
    description: 'Lists the deployments of one project, optionally filtered by name.',
    kind: 'read',
    route: 'GET /projects/{id}/deployments',
    input: input({
      id: id('project'),
      ...pageFields(['dtCreated']),
      name: z.string().optional().describe('Substring of the deployment name.'),
    }),
    output: pageOf(deployment),
  },
  {
    name: 'projects_create',
    toolset: 'projects',
    title: 'Create project',
    description: 'Creates a project, the container for deployments, models and secrets.',
    kind: 'create',
    route: 'POST /projects',
    input: input({ name: z.string().min(1).max(128) }),
    output: project,
  },
  {
    name: 'projects_list',
    toolset: 'projects',
    title: 'List projects',
    description: "Lists the team's projects (id, name, linked repository).",
    kind: 'read',
    route: 'GET /projects',
    input: input({ ...pageFields(['dtCreated']) }),
    output: pageOf(project),
  },
  {
    name: 'projects_get',
    toolset: 'projects',
    title: 'Get project',
    description: 'Returns one project by id. Find ids with projects_list.',
    kind: 'read',
    route: 'GET /projects/{id}',
    input: input({ id: id('project') }),
    output: project,
  },
  {
    name: 'projects_update',
    toolset: 'projects',
    title: 'Rename project',
    description: 'Renames a project. Find ids with projects_list.',
    kind: 'update',
    route: 'PUT /projects/{id}',
    input: input({ id: id('project'), name: z.string().min(1).max(128) }),
    output: project,
  },
  {
    name: 'projects_delete',
    toolset: 'projects',
    title: 'Delete project',
    description: 'Deletes a project. Find ids with projects_list.',
    kind: 'delete',
    route: 'DELETE /projects/{id}',
    input: input({ id: id('project') }),
    output: project,
    gated: true,
  },
  {
    name: 'projects_activity_list',
    toolset: 'projects',
    title: "List project's activity",
    description:
      'Lists activity in a project (deployments, models, changes and who made them), optionally for one deployment.',
    kind: 'read',
    route: 'GET /projects/{id}/activity',
    input: input({
      id: id('project'),
      ...pageFields(['dtCreated'], z.guid()),
      deploymentId: z.guid().optional().describe('Only activity of this deployment.'),
    }),
    output: pageOf(activity),
  },
  {
    name: 'projects_collaborators_list',
    toolset: 'projects',
    title: "List project's collaborators",
    description: 'Lists the users who collaborate on a project.',
    kind: 'read',
    route: 'GET /projects/{id}/collaborators',
    input: input({ id: id('project'), ...pageFields(['dtCreated']) }),
    output: pageOf(collaborator),
  },
  {
    name: 'projects_collaborators_create',
    toolset: 'projects',
    title: 'Add project collaborator',
    description: 'Adds a user as a collaborator on a project. Find user ids with teams_members_list.',
    kind: 'create',
    route: 'POST /projects/{id}/collaborators',
    input: input({ id: id('project'), userId: z.string() }),
    output: collaborator,
    gated: true,
  },
  {
    name: 'projects_collaborators_delete',
    toolset: 'projects',
    title: 'Remove project collaborator',
    description: 'Removes a collaborator from a project.',
    kind: 'delete',
    route: 'DELETE /projects/{id}/collaborators/{userId}',
    input: input({ id: id('project'), userId: z.string().min(1) }),
    output: entity({ userId: z.string() }),
    gated: true,
  },
  {
    name: 'projects_models_list',
    toolset: 'projects',
    title: "List project's models",
    description: 'Lists the models attached to a project, optionally filtered by name.',
    kind: 'read',
    route: 'GET /projects/{id}/models',
    input: input({
      id: id('project'),
      ...pageFields(['dtCreated']),
      name: z.string().optional().describe('Substring of the model name.'),
    }),
    output: pageOf(model),
  },
  {
    name: 'projects_models_add',
    toolset: 'projects',
    title: 'Add model to project',
    description: 'Attaches an existing model to a project. Find model ids with models_list.',
    kind: 'create',
    route: 'POST /projects/{id}/models/{modelId}',
    input: input({ id: id('project'), modelId: z.string().min(1) }),
    output: model,
  },
  {
    name: 'projects_models_remove',
    toolset: 'projects',
    title: 'Remove model from project',
    description: 'Removes a model from a project.',
    kind: 'delete',
    route: 'DELETE /projects/{id}/models/{modelId}',
    input: input({ id: id('project'), modelId: z.string().min(1) }),
    output: model,
    gated: true,
  },
  {
    name: 'projects_secrets_list',
    toolset: 'projects',
    title: "List project's secrets",
    description: 'Lists the secret names of a project (values are never returned).',
    kind: 'read',
    route: 'GET /projects/{id}/secrets',
    input: input({ id: id('project'), ...pageFields(['dtCreated']) }),
    output: pageOf(secret),
  },
  {
    name: 'projects_secrets_create',
    toolset: 'projects',
    title: 'Create project secret',
    description:
      'Stores a secret (name and value) in a project for its deployments. The value can never be read back.',
    kind: 'create',
    route: 'POST /projects/{id}/secrets',
    input: input({
      id: id('project'),
      name: z
        .string()
        .min(1)
        .max(128)
        .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
        .describe('The name of the secret, e.g. "DB_PASSWORD".'),
      value: z.string().min(1).max(8192).describe('The value of the secret, e.g. "password".'),
    }),
    output: secretCreated,
  },
  {
    name: 'projects_secrets_get',
    toolset: 'projects',
    title: 'Get project secret',
    description: 'Returns the metadata of one project secret (never its value).',
    kind: 'read',
    route: 'GET /projects/{id}/secrets/{name}',
    input: input({
      id: id('project'),
      name: z
        .string()
        .min(1)
        .max(128)
        .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
        .describe('The name of the secret, e.g. "DB_PASSWORD".'),
    }),
    output: secret,
  },
  {
    name: 'projects_secrets_update',
    toolset: 'projects',
    title: 'Overwrite project secret',
    description: 'Replaces the value of a project secret; the old value cannot be read back.',
    kind: 'update',
    route: 'PATCH /projects/{id}/secrets/{name}',
    input: input({
      id: id('project'),
      name: z
        .string()
        .min(1)
        .max(128)
        .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
        .describe('The name of the secret, e.g. "DB_PASSWORD".'),
      value: z.string().min(1).max(8192).describe('The value of the secret, e.g. "password".'),
    }),
    output: secretCreated,
    gated: true,
  },
  {
    name: 'projects_secrets_delete',
    toolset: 'projects',
    title: 'Delete project secret',
    description: 'Deletes a secret of a project.',
    kind: 'delete',
    route: 'DELETE /projects/{id}/secrets/{name}',
    input: input({
      id: id('project'),
      name: z
        .string()
        .min(1)
        .max(128)
        .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
        .describe('The name of the secret, e.g. "DB_PASSWORD".'),
    }),
    output: entity({ name: z.string() }),
    gated: true,
  },
  {
    name: 'projects_tags_list',
    toolset: 'projects',
    title: "List project's tags",
    description: 'Lists the tags of a project (id, name, when added).',
    kind: 'read',
    route: 'GET /projects/{id}/tags',
    input: input({ id: id('project'), ...pageFields(['dtCreated']) }),
    output: pageOf(entity({ dtCreated: z.string(), id: z.number(), name: z.string() })),
  },
  {
    name: 'projects_tags_add',
    toolset: 'projects',
    title: 'Add project tag',
    description: 'Adds a tag (a free-form label) to a project.',
    kind: 'create',
    route: 'POST /projects/{id}/tags',
    input: input({ id: id('project'), name: z.string() }),
    output: entity({ dtCreated: z.string(), id: z.number(), name: z.string() }),
  },
  {
    name: 'projects_tags_remove',
    toolset: 'projects',
    title: 'Remove project tag',
    description: 'Removes a tag from a project by tag name.',
    kind: 'delete',
    route: 'DELETE /projects/{id}/tags',
    input: input({ id: id('project'), name: z.string() }),
    output: entity({ dtCreated: z.string(), id: z.number(), name: z.string() }),
    gated: true,
  },
] as const satisfies readonly Operation[];
