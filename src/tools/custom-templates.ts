import * as z from 'zod';
import { dtDeleted, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { eventResult } from './entities.js';
import { machineId, nameOf } from './fields.js';

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
    description: 'Returns a custom template: OS, disk size, region, machine types.',
    kind: 'read',
    route: 'GET /custom-templates/{id}',
    input: input({ id: id('custom template') }),
    output: customTemplate,
  },
  {
    name: 'custom_templates_update',
    toolset: 'custom_templates',
    title: 'Rename custom template',
    description: 'Renames a custom template.',
    kind: 'update',
    confirm: { never: 'Renames a template; the old name can be set back.' },
    route: 'PUT /custom-templates/{id}',
    input: input({ id: id('custom template'), name: nameOf('template') }),
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
    confirm: {
      why: 'Deletes the template.',
      undo: 'Cannot be undone: machines can no longer be created from this template.',
    },
  },
  {
    name: 'custom_templates_list',
    toolset: 'custom_templates',
    title: 'List custom templates',
    description: "Lists the team's custom templates, for machines_create.",
    kind: 'read',
    route: 'GET /custom-templates',
    input: input({
      ...pageFields(['dtCreated', 'name']),
      name: nameOf('template').optional(),
      machineId: machineId.optional().describe('Source machine id'),
    }),
    output: pageOf(customTemplate),
  },
  {
    name: 'custom_templates_create',
    toolset: 'custom_templates',
    title: 'Create custom template',
    description: "Creates a custom template from a machine's disk (stop it first). Returns an event to poll.",
    kind: 'create',
    confirm: { never: "Creates a template from a machine's disk; the machine is not changed." },
    route: 'POST /custom-templates',
    input: input({ name: nameOf('template'), machineId }),
    output: eventResult(customTemplate),
  },
] as const satisfies readonly Operation[];
