import * as z from 'zod';
import { bool, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { model } from './entities.js';

export const modelsOperations = [
  {
    name: 'models_create',
    toolset: 'models',
    title: 'Create model',
    description: 'Creates a model (public or private, optional project and storage provider).',
    kind: 'create',
    route: 'POST /models',
    input: input({
      name: z.string(),
      description: z.string().nullable().optional(),
      storageProviderId: z.string().optional(),
      isPublic: bool().optional(),
      projectId: z.string().optional(),
    }),
    output: model,
  },
  {
    name: 'models_list',
    toolset: 'models',
    title: 'List models',
    description: "Lists the team's models, optionally for one project.",
    kind: 'read',
    route: 'GET /models',
    input: input({ ...pageFields(['dtCreated']), projectId: z.string().optional() }),
    output: pageOf(model),
  },
  {
    name: 'models_get',
    toolset: 'models',
    title: 'Get model',
    description: 'Returns one model by id. Find ids with models_list.',
    kind: 'read',
    route: 'GET /models/{id}',
    input: input({ id: id('model') }),
    output: model,
  },
  {
    name: 'models_delete',
    toolset: 'models',
    title: 'Delete model',
    description: 'Deletes a model. Find ids with models_list.',
    kind: 'delete',
    route: 'DELETE /models/{id}',
    input: input({ id: id('model') }),
    output: entity({ id: z.string() }),
    gated: true,
  },
] as const satisfies readonly Operation[];
