import * as z from 'zod';
import { dtDeleted, entity, id, input, num, type Operation, pageFields, pageOf } from './define.js';

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
    description:
      'Returns one shared drive: size, region, network, mount point and credentials (password redacted). Find ids with shared_drives_list.',
    kind: 'read',
    route: 'GET /shared-drives/{id}',
    input: input({ id: id('shared drive') }),
    output: sharedDrive,
  },
  {
    name: 'shared_drives_update',
    toolset: 'shared_drives',
    title: 'Rename shared drive',
    description: 'Renames a shared drive. Find ids with shared_drives_list.',
    kind: 'update',
    route: 'PUT /shared-drives/{id}',
    input: input({ id: id('shared drive'), name: z.string().optional() }),
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
  },
  {
    name: 'shared_drives_list',
    toolset: 'shared_drives',
    title: 'List shared drives',
    description: 'Lists shared drives, optionally filtered by name or region.',
    kind: 'read',
    route: 'GET /shared-drives',
    input: input({
      ...pageFields(['dtCreated', 'name']),
      name: z.string().optional(),
      region: z.string().optional(),
    }),
    output: pageOf(sharedDrive),
  },
  {
    name: 'shared_drives_create',
    toolset: 'shared_drives',
    title: 'Create shared drive',
    description:
      'Creates a shared drive (size in GB) in a private network so machines of that network can mount it.',
    kind: 'create',
    route: 'POST /shared-drives',
    input: input({ name: z.string(), size: num(z.number()), region: z.string(), networkId: z.string() }),
    output: sharedDrive,
  },
] as const satisfies readonly Operation[];
