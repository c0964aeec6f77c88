import * as z from 'zod';
import { bool, entity, id, input, type Operation, pageFields, pageOf } from './define.js';

const startupScript = entity({
  assignedMachineIds: z.array(z.string()),
  description: z.string().nullable(),
  dtCreated: z.string(),
  dtDeleted: z.string().nullable(),
  id: z.string(),
  isEnabled: z.boolean(),
  isRunOnce: z.boolean(),
  name: z.string(),
});

export const startupScriptsOperations = [
  {
    name: 'startup_scripts_get',
    toolset: 'startup_scripts',
    title: 'Get startup script',
    description:
      'Returns one startup script (name, run-once, enabled, assigned machines; not the script body).',
    kind: 'read',
    route: 'GET /startup-scripts/{id}',
    input: input({ id: id('startup script') }),
    output: startupScript,
  },
  {
    name: 'startup_scripts_update',
    toolset: 'startup_scripts',
    title: 'Update startup script',
    description:
      'Changes a startup script: name, script body, run-once, enabled. A new body replaces the old one, which cannot be read back.',
    kind: 'update',
    route: 'PUT /startup-scripts/{id}',
    input: input({
      id: id('startup script'),
      name: z.string().optional().describe('The name of the startup script.'),
      script: z.string().optional().describe('The script to run on startup.'),
      isRunOnce: bool()
        .optional()
        .describe('Whether the script should only run once on first boot or on every boot.'),
      isEnabled: bool().optional().describe('Whether the startup script is enabled.'),
    }),
    output: startupScript,
    destructive: true,
  },
  {
    name: 'startup_scripts_delete',
    toolset: 'startup_scripts',
    title: 'Delete startup script',
    description: 'Deletes a startup script; machines it is assigned to stop running it.',
    kind: 'delete',
    route: 'DELETE /startup-scripts/{id}',
    input: input({ id: id('startup script') }),
    output: startupScript,
    destructive: true,
  },
  {
    name: 'startup_scripts_list',
    toolset: 'startup_scripts',
    title: 'List startup scripts',
    description: 'Lists startup scripts, optionally filtered by name.',
    kind: 'read',
    route: 'GET /startup-scripts',
    input: input({
      ...pageFields(['dtCreated', 'name']),
      name: z.string().optional().describe('Filter: only items whose name is this.'),
    }),
    output: pageOf(startupScript),
  },
  {
    name: 'startup_scripts_create',
    toolset: 'startup_scripts',
    title: 'Create startup script',
    description:
      'Creates a script that runs on machine boot (every boot, or once with isRunOnce). Assign it with startup_scripts_assign or machines_create startupScriptId.',
    kind: 'create',
    route: 'POST /startup-scripts',
    input: input({
      name: z.string().describe('The name of the startup script.'),
      script: z.string().describe('The script to run on startup.'),
      isRunOnce: bool()
        .optional()
        .describe('Whether the script should only run once on first boot or on every boot (default false).'),
    }),
    output: startupScript,
  },
  {
    name: 'startup_scripts_assign',
    toolset: 'startup_scripts',
    title: 'Assign startup script',
    description: 'Assigns a startup script to a machine; it runs at the next boot.',
    kind: 'action',
    route: 'POST /startup-scripts/{id}/assign',
    input: input({
      id: id('startup script'),
      machineId: z.string().describe('The id of the machine to assign the startup script to.'),
    }),
    output: startupScript,
    idempotent: true,
  },
  {
    name: 'startup_scripts_unassign',
    toolset: 'startup_scripts',
    title: 'Unassign startup script',
    description: 'Removes a startup script from a machine; it no longer runs at boot.',
    kind: 'action',
    route: 'POST /startup-scripts/{id}/unassign',
    input: input({
      id: id('startup script'),
      machineId: z.string().describe('The id of the machine to unassign the startup script from.'),
    }),
    output: startupScript,
    destructive: true,
    idempotent: true,
  },
] as const satisfies readonly Operation[];
