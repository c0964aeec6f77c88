import * as z from 'zod';
import { bool, dtDeleted, entity, id, input, type Operation, pageFields, pageOf } from './define.js';

const privateNetwork = entity({
  dtCreated: z.string(),
  dtDeleted,
  id: z.string(),
  name: z.string(),
  netmask: z.string(),
  network: z.string(),
  region: z.string(),
});

export const privateNetworksOperations = [
  {
    name: 'private_networks_get',
    toolset: 'private_networks',
    title: 'Get private network',
    description:
      'Returns one private network (region, network and netmask) as data, or data null. Find ids with private_networks_list.',
    kind: 'read',
    route: 'GET /private-networks/{id}',
    input: input({ id: id('private network') }),
    // The reference types the answer as nullable: it always comes as { data: network | null }.
    output: z.object({ data: privateNetwork.nullable() }),
    wrap: 'data',
  },
  {
    name: 'private_networks_update',
    toolset: 'private_networks',
    title: 'Rename private network',
    description: 'Renames a private network. Find ids with private_networks_list.',
    kind: 'update',
    route: 'PUT /private-networks/{id}',
    input: input({ id: id('private network'), name: z.string().optional() }),
    output: privateNetwork,
  },
  {
    name: 'private_networks_delete',
    toolset: 'private_networks',
    title: 'Delete private network',
    description: 'Deletes a private network. Move or delete its machines and shared drives first.',
    kind: 'delete',
    route: 'DELETE /private-networks/{id}',
    input: input({ id: id('private network') }),
    output: entity({ id: z.string() }),
    gated: true,
  },
  {
    name: 'private_networks_list',
    toolset: 'private_networks',
    title: 'List private networks',
    description: 'Lists private networks, optionally filtered by name or region.',
    kind: 'read',
    route: 'GET /private-networks',
    input: input({
      ...pageFields(['dtCreated', 'name']),
      name: z.string().optional(),
      region: z.string().optional(),
    }),
    output: pageOf(privateNetwork),
  },
  {
    name: 'private_networks_create',
    toolset: 'private_networks',
    title: 'Create private network',
    description:
      'Creates a private network in a region. With migrateMachines true, every machine not yet in a private network is moved into it.',
    kind: 'action',
    route: 'POST /private-networks',
    input: input({ name: z.string(), region: z.string(), migrateMachines: bool(false).optional() }),
    output: privateNetwork,
    gated: true,
  },
] as const satisfies readonly Operation[];
