import * as z from 'zod';
import { privateNetworksCreateRule } from '../confirm/rules.js';
import { bool, dtDeleted, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { nameOf, region } from './fields.js';

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
    description: 'Returns a private network (region, network, netmask) as data, or data null.',
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
    description: 'Renames a private network.',
    kind: 'update',
    confirm: { never: 'Renames a network; the old name can be set back.' },
    route: 'PUT /private-networks/{id}',
    input: input({ id: id('private network'), name: nameOf('network').optional() }),
    output: privateNetwork,
  },
  {
    name: 'private_networks_delete',
    toolset: 'private_networks',
    title: 'Delete private network',
    description: 'Deletes a private network; move its machines and drives first.',
    kind: 'delete',
    route: 'DELETE /private-networks/{id}',
    input: input({ id: id('private network') }),
    output: entity({ id: z.string() }),
    gated: true,
    confirm: {
      why: 'Deletes the network machines and drives are attached to.',
      undo: 'Cannot be undone.',
    },
  },
  {
    name: 'private_networks_list',
    toolset: 'private_networks',
    title: 'List private networks',
    description: 'Lists private networks.',
    kind: 'read',
    route: 'GET /private-networks',
    input: input({
      ...pageFields(['dtCreated', 'name']),
      name: nameOf('network').optional(),
      region: region.optional(),
    }),
    output: pageOf(privateNetwork),
  },
  {
    name: 'private_networks_create',
    toolset: 'private_networks',
    title: 'Create private network',
    description: 'Creates a private network in a region, optionally moving machines into it.',
    kind: 'action',
    route: 'POST /private-networks',
    input: input({
      name: nameOf('network'),
      region,
      migrateMachines: bool(false).optional().describe('Move in all machines not in one'),
    }),
    output: privateNetwork,
    gated: true,
    confirm: privateNetworksCreateRule,
  },
] as const satisfies readonly Operation[];
