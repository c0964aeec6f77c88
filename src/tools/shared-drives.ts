import * as z from 'zod';
import { dtDeleted, entity, id, input, num, type Operation, pageFields, pageOf } from './define.js';
import { nameOf, networkId, region } from './fields.js';

const sharedDrive = entity({
  dtCreated: z.string(),
  dtDeleted,
  id: z.string(),
  mountPoint: z.string(),
  name: z.string(),
  networkId: z.string(),
  password: z.string(),
  region: z.string(),
  size: z.number(),
  username: z.string(),
});

export const sharedDrivesOperations = [
  {
    name: 'shared_drives_get',
    toolset: 'shared_drives',
    title: 'Get shared drive',
    description: 'Returns a shared drive: size, region, network, mount point, user (password redacted).',
    kind: 'read',
    route: 'GET /shared-drives/{id}',
    input: input({ id: id('shared drive') }),
    output: sharedDrive,
  },
  {
    name: 'shared_drives_update',
    toolset: 'shared_drives',
    title: 'Rename shared drive',
    description: 'Renames a shared drive.',
    kind: 'update',
    confirm: { never: 'Renames a drive; the old name can be set back.' },
    route: 'PUT /shared-drives/{id}',
    input: input({ id: id('shared drive'), name: nameOf('drive').optional() }),
    output: sharedDrive,
  },
  {
    name: 'shared_drives_delete',
    toolset: 'shared_drives',
    title: 'Delete shared drive',
    description: 'Deletes a shared drive and all data on it.',
    kind: 'delete',
    route: 'DELETE /shared-drives/{id}',
    input: input({ id: id('shared drive') }),
    output: entity({ id: z.string() }),
    gated: true,
    confirm: {
      why: 'Deletes the drive and its data.',
      undo: 'Cannot be undone: the drive and its data are deleted.',
    },
  },
  {
    name: 'shared_drives_list',
    toolset: 'shared_drives',
    title: 'List shared drives',
    description: 'Lists shared drives: size, region, network.',
    kind: 'read',
    route: 'GET /shared-drives',
    input: input({
      ...pageFields(['dtCreated', 'name']),
      name: nameOf('drive').optional(),
      region: region.optional(),
    }),
    output: pageOf(sharedDrive),
  },
  {
    name: 'shared_drives_create',
    toolset: 'shared_drives',
    title: 'Create shared drive',
    description: 'Creates a shared drive that machines of its private network can mount.',
    kind: 'create',
    confirm: { never: 'Creates a drive in a network; nothing existing changes.' },
    route: 'POST /shared-drives',
    input: input({
      name: nameOf('drive'),
      size: num(z.number()).describe('Size in GB'),
      region,
      networkId,
    }),
    output: sharedDrive,
  },
] as const satisfies readonly Operation[];
