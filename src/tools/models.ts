import * as z from 'zod';
import { entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { model } from './entities.js';
import { description, isPublic, nameOf, projectId, storageProviderId } from './fields.js';

export const modelsOperations = [
  {
    name: 'models_create',
    toolset: 'models',
    title: 'Create model',
    description: 'Creates a model, optionally in a project.',
    kind: 'create',
    confirm: { never: 'Creates a model entry; nothing existing changes.' },
    route: 'POST /models',
    input: input({
      name: nameOf('model'),
      description: description.optional(),
      storageProviderId: storageProviderId.optional(),
      isPublic: isPublic.optional(),
      projectId: projectId.optional(),
    }),
    output: model,
  },
  {
    name: 'models_list',
    toolset: 'models',
    title: 'List models',
    description: "Lists the team's models.",
    kind: 'read',
    route: 'GET /models',
    input: input({ ...pageFields(['dtCreated']), projectId: projectId.optional() }),
    output: pageOf(model),
  },
  {
    name: 'models_get',
    toolset: 'models',
    title: 'Get model',
    description: 'Returns a model: name, project, storage.',
    kind: 'read',
    route: 'GET /models/{id}',
    input: input({ id: id('model') }),
    output: model,
  },
  {
    name: 'models_delete',
    toolset: 'models',
    title: 'Delete model',
    description: 'Deletes a model by id (models_list).',
    kind: 'delete',
    route: 'DELETE /models/{id}',
    input: input({ id: id('model') }),
    output: entity({ id: z.string() }),
    gated: true,
    confirm: { why: 'Deletes the model.', undo: 'Cannot be undone.' },
  },
] as const satisfies readonly Operation[];
