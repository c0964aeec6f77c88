import * as z from 'zod';
import { dtDeleted, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { eventResult } from './entities.js';

const customTemplate = entity({
  agentType: z.string(),
  availableMachineTypes: z.array(z.unknown()),
  defaultSizeGb: z.number(),
  dtCreated: z.string(),
  dtDeleted,
  id: z.string(),
  name: z.string(),
  operatingSystemLabel: z.string(),
  parentMachineId: z.string(),
  region: z.string(),
});

export const customTemplatesOperations = [
  {
    name: 'custom_templates_get',
    toolset: 'custom_templates',
    title: 'Get custom template',
    description:
      'Returns one custom template (OS label, default disk size, region, machine types it runs on). Find ids with custom_templates_list.',
    kind: 'read',
    route: 'GET /custom-templates/{id}',
    input: input({ id: id('custom template') }),
    output: customTemplate,
  },
  {
    name: 'custom_templates_update',
    toolset: 'custom_templates',
    title: 'Rename custom template',
    description: 'Renames a custom template. Find ids with custom_templates_list.',
    kind: 'update',
    route: 'PUT /custom-templates/{id}',
    input: input({ id: id('custom template'), name: z.string() }),
    output: customTemplate,
  },
  {
    name: 'custom_templates_delete',
    toolset: 'custom_templates',
    title: 'Delete custom template',
    description: 'Deletes a custom template; machines can no longer be created from it.',
    kind: 'delete',
    route: 'DELETE /custom-templates/{id}',
    input: input({ id: id('custom template') }),
    output: customTemplate,
    gated: true,
  },
  {
    name: 'custom_templates_list',
    toolset: 'custom_templates',
    title: 'List custom templates',
    description:
      "Lists the team's custom templates, optionally filtered by name or by the machine they were made from. Use a template id as templateId in machines_create.",
    kind: 'read',
    route: 'GET /custom-templates',
    input: input({
      ...pageFields(['dtCreated', 'name']),
      name: z.string().optional(),
      machineId: z.string().optional(),
    }),
    output: pageOf(customTemplate),
  },
  {
    name: 'custom_templates_create',
    toolset: 'custom_templates',
    title: 'Create custom template',
    description:
      'Creates a custom template from the disk of an existing machine (stop the machine first for a consistent image). Returns the template and the machine event to poll.',
    kind: 'create',
    route: 'POST /custom-templates',
    input: input({ name: z.string(), machineId: z.string() }),
    output: eventResult(customTemplate),
  },
] as const satisfies readonly Operation[];
