import * as z from 'zod';
import { bool, entity, eventResult, id, input, num, type Operation, pageFields, pageOf } from './define.js';

const machineEvent = entity({
  dtCreated: z.string(),
  dtFinished: z.string().nullable(),
  dtStarted: z.string().nullable(),
  error: z.string().nullable(),
  id: z.string(),
  machineId: z.string().nullable(),
  name: z.string(),
  state: z.string(),
});
const machine = entity({
  accelerators: z.array(z.unknown()).nullish(),
  agentType: z.string(),
  autoShutdownEnabled: z.boolean(),
  autoShutdownForce: z.boolean().nullable(),
  autoShutdownTimeout: z.number().nullable(),
  autoSnapshotEnabled: z.boolean(),
  autoSnapshotFrequency: z.string().nullable(),
  autoSnapshotSaveCount: z.number().nullable(),
  cpus: z.number(),
  dtCreated: z.string(),
  dtDeleted: z.string().nullable(),
  dtModified: z.string(),
  id: z.string(),
  machineType: z.string(),
  name: z.string(),
  networkId: z.string().nullable(),
  os: z.string(),
  privateIp: z.string().nullable(),
  publicIp: z.string().nullable(),
  publicIpType: z.string(),
  ram: z.number(),
  region: z.string(),
  reservation: z.looseObject({}).nullable(),
  restorePointEnabled: z.boolean(),
  restorePointFrequency: z.string().nullable(),
  restorePointSnapshotId: z.string().nullable(),
  state: z.string(),
  storageRate: z.number(),
  storageTotal: z.number(),
  storageUsed: z.number(),
  updatesPending: z.boolean(),
  usageRate: z.number(),
});
const desktop = entity({ vnc: z.looseObject({}).optional(), windows: z.looseObject({}).optional() });
const osTemplate = entity({
  agentType: z.string(),
  availableMachineTypes: z.array(z.unknown()),
  defaultSizeGb: z.number().nullable(),
  dtCreated: z.string(),
  id: z.string(),
  name: z.string(),
  operatingSystemLabel: z.string(),
});

export const machinesOperations = [
  {
    name: 'machine_events_get',
    toolset: 'machines',
    title: 'Get machine event',
    description:
      'Returns one machine event (create, start, stop, restart, delete ...) with its state, start/finish times and error. Poll it with the event id that machine actions return.',
    kind: 'read',
    route: 'GET /machine-events/{id}',
    input: input({ id: id('machine event') }),
    output: machineEvent,
  },
  {
    name: 'machine_events_list',
    toolset: 'machines',
    title: 'List machine events',
    description: 'Lists machine events, newest first, optionally for one machine.',
    kind: 'read',
    route: 'GET /machine-events',
    input: input({
      ...pageFields(['dtCreated']),
      machineId: z.string().optional().describe('Filter: only items whose machineId is this.'),
    }),
    output: pageOf(machineEvent),
  },
  {
    name: 'machines_create',
    toolset: 'machines',
    title: 'Create machine',
    description:
      'Creates (and by default starts) a machine from an OS or custom template in a region. Billable. Returns the machine (state provisioning) and an event to poll with machine_events_get. See os_templates_list and machine_availability_get.',
    kind: 'create',
    route: 'POST /machines',
    input: input({
      name: z.string().min(1).describe('The name of the new machine.'),
      machineType: z
        .string()
        .describe(
          'The machine type. This must correspond to a machine type label as indicated in List OS templates or List templates.',
        ),
      templateId: z.string().describe('The template ID. See List OS templates or List templates.'),
      networkId: z.string().optional().describe('The network ID.'),
      diskSize: num(z.number()).describe('The disk size in gigabytes.'),
      region: z.string().describe('The region to create the machine in.'),
      publicIpType: z.enum(['static', 'dynamic', 'none']).optional().describe('The public IP type.'),
      autoSnapshotEnabled: bool().optional().describe('Whether to enable auto snapshots.'),
      autoSnapshotFrequency: z
        .enum(['hourly', 'daily', 'weekly', 'monthly'])
        .optional()
        .describe('The auto snapshot frequency.'),
      autoSnapshotSaveCount: num(z.number()).optional().describe('The number of auto snapshots to save.'),
      autoShutdownEnabled: bool().optional().describe('Whether to enable auto shutdown.'),
      autoShutdownTimeout: num(z.number()).optional().describe('The auto shutdown timeout in hours.'),
      autoShutdownForce: bool().optional().describe('Whether to force shutdown the machine.'),
      takeInitialSnapshot: bool().optional().describe('Whether to take an initial snapshot.'),
      restorePointEnabled: bool().optional().describe('Whether to use initial snapshot as a restore point.'),
      restorePointFrequency: z.enum(['shutdown']).optional().describe('The restore point frequency.'),
      startupScriptId: z.string().optional().describe('The startup script ID.'),
      emailPassword: bool().optional().describe('Whether to email the password (default true).'),
      startOnCreate: bool().optional().describe('Whether to start the machine on creation.'),
      enableNvlink: bool().optional().describe('Whether to enable NVLink.'),
      accessorIds: z
        .array(z.string())
        .optional()
        .describe('The IDs of users to grant access to the machine.'),
    }),
    output: eventResult(machine),
  },
  {
    name: 'machines_list',
    toolset: 'machines',
    title: 'List machines',
    description:
      'Lists machines with state, type, region, IPs and auto-shutdown settings; filter by name, region, agentType or machineType.',
    kind: 'read',
    route: 'GET /machines',
    input: input({
      ...pageFields(['dtCreated', 'name', 'state']),
      name: z.string().optional().describe('Filter: only items whose name is this.'),
      region: z.string().optional().describe('Filter: only items whose region is this.'),
      agentType: z.string().optional().describe('Filter: only items whose agentType is this.'),
      machineType: z.string().optional().describe('Filter: only items whose machineType is this.'),
    }),
    output: pageOf(machine),
  },
  {
    name: 'machines_delete',
    toolset: 'machines',
    title: 'Delete machine',
    description: 'Deletes a machine and its disk. Returns the machine and the delete event.',
    kind: 'delete',
    route: 'DELETE /machines/{id}',
    input: input({ id: id('machine') }),
    output: eventResult(machine),
    destructive: true,
  },
  {
    name: 'machines_get',
    toolset: 'machines',
    title: 'Get machine',
    description:
      'Returns one machine by id: state (off, starting, ready, stopping ...), type, region, IPs, disk and auto-shutdown settings. Find ids with machines_list.',
    kind: 'read',
    route: 'GET /machines/{id}',
    input: input({ id: id('machine') }),
    output: machine,
  },
  {
    name: 'machines_update',
    toolset: 'machines',
    title: 'Update machine',
    description:
      'Changes a machine: name, machine type, disk size, network, public IP, auto-snapshot, auto-shutdown and restore point settings. A new type or disk size restarts the machine.',
    kind: 'update',
    route: 'PUT /machines/{id}',
    input: input({
      id: id('machine'),
      name: z.string().optional().describe('The name of the machine.'),
      machineType: z
        .string()
        .optional()
        .describe(
          'The machine type. This must correspond to a machine type label as indicated in List OS templates or List templates.',
        ),
      diskSize: num(z.number()).optional().describe('The disk size in gigabytes.'),
      networkId: z.string().optional().describe('The network ID.'),
      publicIpType: z.enum(['static', 'dynamic', 'none']).optional().describe('The public IP type.'),
      autoSnapshotEnabled: bool().optional().describe('Whether to enable auto snapshots.'),
      autoSnapshotFrequency: z
        .enum(['hourly', 'daily', 'weekly', 'monthly'])
        .optional()
        .describe('The auto snapshot frequency.'),
      autoSnapshotSaveCount: num(z.number()).optional().describe('The number of auto snapshots to save.'),
      autoShutdownEnabled: bool().optional().describe('Whether to enable auto shutdown.'),
      autoShutdownTimeout: num(z.number()).optional().describe('The auto shutdown timeout in hours.'),
      autoShutdownForce: bool().optional().describe('Whether to force shutdown the machine.'),
      restorePointEnabled: bool().optional().describe('Whether to use initial snapshot as a restore point.'),
      restorePointFrequency: z.enum(['shutdown']).optional().describe('The restore point frequency.'),
      restorePointSnapshotId: z.string().optional().describe('The restore point snapshot ID.'),
    }),
    output: eventResult(machine),
    destructive: true,
  },
  {
    name: 'machines_restart',
    toolset: 'machines',
    title: 'Restart machine',
    description:
      'Restarts a running machine; running work is interrupted. Returns the machine and an event to poll.',
    kind: 'action',
    route: 'PATCH /machines/{id}/restart',
    input: input({ id: id('machine') }),
    output: eventResult(machine),
    destructive: true,
  },
  {
    name: 'machines_start',
    toolset: 'machines',
    title: 'Start machine',
    description:
      'Starts a stopped machine (billing starts). Returns the machine and an event to poll with machine_events_get until the machine is ready.',
    kind: 'action',
    route: 'PATCH /machines/{id}/start',
    input: input({ id: id('machine') }),
    output: eventResult(machine),
    idempotent: true,
  },
  {
    name: 'machines_stop',
    toolset: 'machines',
    title: 'Stop machine',
    description:
      'Stops a running machine; the disk is kept and machines_start starts it again. Returns the machine and an event to poll.',
    kind: 'action',
    route: 'PATCH /machines/{id}/stop',
    input: input({ id: id('machine') }),
    output: eventResult(machine),
    destructive: true,
    idempotent: true,
  },
  {
    name: 'machines_accessors_add',
    toolset: 'machines',
    title: 'Add machine accessor',
    description: 'Gives a team member explicit access to a machine. Find user ids with teams_members_list.',
    kind: 'create',
    route: 'POST /machines/{id}/accessors',
    input: input({
      id: id('machine'),
      userId: z
        .string()
        .describe(
          'The ID of the user to add as an accessor. This can be found on the team members page at https://console.paperspace.com/settings/members.',
        ),
    }),
    output: entity({ dtDeleted: z.string().nullish(), user: z.looseObject({}) }),
  },
  {
    name: 'machines_accessors_list',
    toolset: 'machines',
    title: 'List machine accessors',
    description: 'Lists the team members who can explicitly access a machine.',
    kind: 'read',
    route: 'GET /machines/{id}/accessors',
    input: input({ id: id('machine'), ...pageFields(['id']) }),
    output: pageOf(entity({ dtDeleted: z.string().nullish(), user: z.looseObject({}) })),
  },
  {
    name: 'machines_accessors_remove',
    toolset: 'machines',
    title: 'Remove machine accessor',
    description: "Removes a user's explicit access to a machine.",
    kind: 'delete',
    route: 'DELETE /machines/{id}/accessors/{userId}',
    input: input({
      id: id('machine'),
      userId: z
        .string()
        .min(1)
        .describe(
          'The ID of the user to add as an accessor. This can be found on the team members page at https://console.paperspace.com/settings/members.',
        ),
    }),
    output: entity({ dtDeleted: z.string().nullish(), user: z.looseObject({}) }),
    destructive: true,
  },
  {
    name: 'machines_accessors_get',
    toolset: 'machines',
    title: 'Get machine accessor',
    description: 'Returns whether and since when a user can access a machine.',
    kind: 'read',
    route: 'GET /machines/{id}/accessors/{userId}',
    input: input({
      id: id('machine'),
      userId: z
        .string()
        .min(1)
        .describe(
          'The ID of the user to get. This can be found on the team members page at https://console.paperspace.com/settings/members.',
        ),
    }),
    output: entity({ dtDeleted: z.string().nullish(), user: z.looseObject({}) }),
  },
  {
    name: 'machines_desktop_get',
    toolset: 'machines',
    title: 'Get machine desktop settings',
    description:
      'Returns the settings used to stream the desktop of a machine (VNC or Windows remote desktop).',
    kind: 'read',
    route: 'GET /machines/{id}/desktop',
    input: input({ id: id('machine') }),
    output: desktop,
  },
  {
    name: 'machine_availability_get',
    toolset: 'machines',
    title: 'Get machine availability',
    description:
      'Tells whether a machine type can currently be created in a region. Check it before machines_create.',
    kind: 'read',
    route: 'GET /machine-availability',
    input: input({
      machineType: z
        .string()
        .describe('Filter to machine availabilities with machine types matching this string.'),
      region: z.string().describe('Filter to machine availabilities in this region.'),
    }),
    output: entity({ available: z.boolean().optional() }),
  },
  {
    name: 'os_templates_list',
    toolset: 'machines',
    title: 'List OS templates',
    description:
      'Lists the operating system templates machines can be created from, with the machine types each supports. Use an id as templateId in machines_create.',
    kind: 'read',
    route: 'GET /os-templates',
    input: input({
      ...pageFields(['name']),
      name: z.string().optional().describe('Filter: only items whose name is this.'),
    }),
    output: pageOf(osTemplate),
  },
] as const satisfies readonly Operation[];
