import * as z from 'zod';
import { bool, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { eventResult } from './entities.js';
import { machineId, nameOf } from './fields.js';

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
    description: 'Returns a machine snapshot.',
    kind: 'read',
    route: 'GET /snapshots/{id}',
    input: input({ id: id('snapshot') }),
    output: snapshot,
  },
  {
    name: 'snapshots_update',
    toolset: 'snapshots',
    title: 'Rename snapshot',
    description: 'Renames a machine snapshot.',
    kind: 'update',
    confirm: { never: 'Renames a snapshot; the old name can be set back.' },
    route: 'PUT /snapshots/{id}',
    input: input({ id: id('snapshot'), name: nameOf('snapshot').optional() }),
    output: snapshot,
  },
  {
    name: 'snapshots_delete',
    toolset: 'snapshots',
    title: 'Delete snapshot',
    description: 'Deletes a machine snapshot. Returns the delete event.',
    kind: 'delete',
    route: 'DELETE /snapshots/{id}',
    input: input({ id: id('snapshot') }),
    output: eventResult(snapshot),
    gated: true,
    confirm: { why: 'Deletes a backup.', undo: 'Cannot be undone: the snapshot is gone.' },
  },
  {
    name: 'snapshots_list',
    toolset: 'snapshots',
    title: 'List snapshots',
    description: 'Lists machine snapshots.',
    kind: 'read',
    route: 'GET /snapshots',
    input: input({ ...pageFields(['dtCreated', 'name']), machineId: machineId.optional() }),
    output: pageOf(snapshot),
  },
  {
    name: 'snapshots_create',
    toolset: 'snapshots',
    title: 'Create snapshot',
    description: "Snapshots a machine's disk. Returns an event to poll.",
    kind: 'create',
    confirm: { never: 'Creates a snapshot; nothing existing changes.' },
    route: 'POST /snapshots',
    input: input({ name: nameOf('snapshot'), machineId }),
    output: eventResult(snapshot),
  },
  {
    name: 'snapshots_restore',
    toolset: 'snapshots',
    title: 'Restore snapshot',
    description: "Overwrites the machine's disk with a snapshot.",
    kind: 'action',
    route: 'POST /snapshots/{id}/restore',
    input: input({
      id: id('snapshot'),
      createSnapshotBeforeRestore: bool().optional().describe('Snapshot the disk first'),
    }),
    output: eventResult(snapshot),
    gated: true,
    confirm: {
      why: "Overwrites the machine's disk.",
      undo: "Overwrites the machine's disk with the snapshot; only recoverable if createSnapshotBeforeRestore is true.",
    },
    task: {
      aftermath:
        'The restore request reached the API: the machine may go on restoring the snapshot; check it with machines_get.',
      settle: { event: 'done' },
    },
  },
] as const satisfies readonly Operation[];
