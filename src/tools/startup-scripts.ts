import * as z from 'zod';
import { startupScriptsAssignRule } from '../confirm/rules.js';
import { bool, dtDeleted, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { machineId, nameOf } from './fields.js';

const script = z.string().describe('Script body');
const isRunOnce = (apiDefault?: boolean) => bool(apiDefault).describe('Run at first boot only');

const startupScript = entity({
  assignedMachineIds: z.array(z.string()),
  description: z.string().nullable(),
  dtCreated: z.string(),
  dtDeleted,
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
    description: 'Returns a startup script and its machines (not its body).',
    kind: 'read',
    route: 'GET /startup-scripts/{id}',
    input: input({ id: id('startup script') }),
    output: startupScript,
  },
  {
    name: 'startup_scripts_update',
    toolset: 'startup_scripts',
    title: 'Update startup script',
    description: 'Changes a startup script. A new body replaces the old, which cannot be read back.',
    kind: 'update',
    route: 'PUT /startup-scripts/{id}',
    input: input({
      id: id('startup script'),
      name: nameOf('script').optional(),
      script: script.optional(),
      isRunOnce: isRunOnce().optional(),
      isEnabled: bool().optional().describe('Runs at boot'),
    }),
    output: startupScript,
    gated: true,
    confirm: {
      why: 'Replaces a script that machines run at boot; the old body cannot be read back.',
      undo: 'The old script body cannot be read back afterwards.',
    },
  },
  {
    name: 'startup_scripts_delete',
    toolset: 'startup_scripts',
    title: 'Delete startup script',
    description: 'Deletes a startup script; its machines stop running it.',
    kind: 'delete',
    route: 'DELETE /startup-scripts/{id}',
    input: input({ id: id('startup script') }),
    output: startupScript,
    gated: true,
    confirm: {
      why: 'Deletes the script body.',
      undo: 'Cannot be undone: the script body is gone.',
    },
  },
  {
    name: 'startup_scripts_list',
    toolset: 'startup_scripts',
    title: 'List startup scripts',
    description: 'Lists startup scripts.',
    kind: 'read',
    route: 'GET /startup-scripts',
    input: input({ ...pageFields(['dtCreated', 'name']), name: nameOf('script').optional() }),
    output: pageOf(startupScript),
  },
  {
    name: 'startup_scripts_create',
    toolset: 'startup_scripts',
    title: 'Create startup script',
    description: 'Creates a boot script; assign it with startup_scripts_assign.',
    kind: 'create',
    confirm: { never: 'Creates a script that runs nowhere until startup_scripts_assign, which is gated.' },
    route: 'POST /startup-scripts',
    input: input({ name: nameOf('script'), script, isRunOnce: isRunOnce(false).optional() }),
    output: startupScript,
  },
  {
    name: 'startup_scripts_assign',
    toolset: 'startup_scripts',
    title: 'Assign startup script',
    description: 'Assigns a startup script to a machine.',
    kind: 'action',
    route: 'POST /startup-scripts/{id}/assign',
    input: input({ id: id('startup script'), machineId }),
    output: startupScript,
    idempotent: true,
    gated: true,
    confirm: startupScriptsAssignRule,
  },
  {
    name: 'startup_scripts_unassign',
    toolset: 'startup_scripts',
    title: 'Unassign startup script',
    description: 'Removes a startup script from a machine.',
    kind: 'action',
    route: 'POST /startup-scripts/{id}/unassign',
    input: input({ id: id('startup script'), machineId }),
    output: startupScript,
    gated: true,
    confirm: {
      why: 'Stops a script machines rely on at boot.',
      undo: 'startup_scripts_assign assigns it again.',
    },
    idempotent: true,
  },
] as const satisfies readonly Operation[];
