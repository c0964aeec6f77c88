import * as z from 'zod';
import { bool, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { eventResult } from './entities.js';

const snapshot = entity({
  id: z.string(),
  isAutoSnapshot: z.boolean(),
  machineId: z.string(),
  name: z.string(),
});

export const snapshotsOperations = [
  {
    name: 'snapshots_get',
    toolset: 'snapshots',
    title: 'Get snapshot',
    description: 'Returns one snapshot by id. Find ids with snapshots_list.',
    kind: 'read',
    route: 'GET /snapshots/{id}',
    input: input({ id: id('snapshot') }),
    output: snapshot,
  },
  {
    name: 'snapshots_update',
    toolset: 'snapshots',
    title: 'Rename snapshot',
    description: 'Renames a snapshot. Find ids with snapshots_list.',
    kind: 'update',
    route: 'PUT /snapshots/{id}',
    input: input({ id: id('snapshot'), name: z.string().optional() }),
    output: snapshot,
  },
  {
    name: 'snapshots_delete',
    toolset: 'snapshots',
    title: 'Delete snapshot',
    description: 'Deletes a machine snapshot. Returns the snapshot and the delete event.',
    kind: 'delete',
    route: 'DELETE /snapshots/{id}',
    input: input({ id: id('snapshot') }),
    output: eventResult(snapshot),
    gated: true,
  },
  {
    name: 'snapshots_list',
    toolset: 'snapshots',
    title: 'List snapshots',
    description: 'Lists machine snapshots, optionally for one machine.',
    kind: 'read',
    route: 'GET /snapshots',
    input: input({ ...pageFields(['dtCreated', 'name']), machineId: z.string().optional() }),
    output: pageOf(snapshot),
  },
  {
    name: 'snapshots_create',
    toolset: 'snapshots',
    title: 'Create snapshot',
    description:
      'Snapshots a machine disk. Returns the snapshot and an event to poll with machine_events_get.',
    kind: 'create',
    route: 'POST /snapshots',
    input: input({ name: z.string(), machineId: z.string() }),
    output: eventResult(snapshot),
  },
  {
    name: 'snapshots_restore',
    toolset: 'snapshots',
    title: 'Restore snapshot',
    description:
      "Overwrites the machine's disk with a snapshot; set createSnapshotBeforeRestore to keep the current state.",
    kind: 'action',
    route: 'POST /snapshots/{id}/restore',
    input: input({
      id: id('snapshot'),
      createSnapshotBeforeRestore: bool().optional(),
    }),
    output: eventResult(snapshot),
    gated: true,
  },
] as const satisfies readonly Operation[];
