/**
 * What the confirmation engine needs to know about a gated tool (its row's `confirm`): how to
 * fetch the target as the API reports it now, when the call is dangerous (conditional rules), and
 * whether it can be undone. What a rule leaves out takes the defaults: always confirm, target
 * fetched from the GET route derived from the tool's own route. The rules with code live here
 * (the rows name them); a rule of words only is written on its row.
 */

import { collectPages, pagesOf } from '../client/api.js';
import { entityOf } from '../client/entity.js';
import { type ApiPath, apiPath } from '../client/paths.js';
import { inline, quoted } from '../untrusted.js';
import { replicasOf } from './deployment-cost.js';
import type { Args, ConfirmRule, Entity, Get } from './rule-types.js';
import { updateCostFacts } from './update-cost.js';

export type { Args, ConfirmRule, CostClass, Entity, GatedRow, Get, LocalPlan } from './rule-types.js';

/**
 * Finds one item in a paginated list, walking at most `maxPages` pages. Undefined when it is not
 * there, not within the pages walked, or matched more than once (ambiguous): the gate treats all
 * three alike, as a target it could not check.
 */
async function findInList(
  get: Get,
  path: ApiPath,
  match: (item: Entity) => boolean,
  maxPages = 10,
): Promise<Entity | undefined> {
  for await (const page of pagesOf<Entity>(get, path, {}, { maxPages, pageSize: 120 })) {
    const found = page.items.filter(match);
    if (found.length > 0) return found.length === 1 ? found[0] : undefined;
  }
  return undefined;
}

const findPublicIp = (args: Args, get: Get) =>
  findInList(get, apiPath('/public-ips'), (i) => i.ip === args.ip);

const findTeamMember = (args: Args, get: Get) =>
  findInList(
    get,
    apiPath('/teams/{teamId}/users', { teamId: String(args.teamId) }),
    (m) => entityOf(m.user)?.id === args.userId,
  );

const getEntity = (path: ApiPath) => async (get: Get) => entityOf(await get(path));

/**
 * machines_update fields that can lose something, with when a new value is dangerous given the
 * current one (undefined when the machine does not report it). Anything else (name, auto-shutdown
 * timeout, snapshot frequency…) runs unconfirmed.
 */
const changed = (value: unknown, current: unknown) => value !== current;
const RISKY_MACHINE_FIELDS: Record<string, (value: unknown, current: unknown) => boolean> = {
  // A new type or disk size reboots the machine; a disk cannot shrink back.
  machineType: changed,
  diskSize: changed,
  // Leaving a static IP type releases the address.
  publicIpType: changed,
  // Another private network changes the machine's addresses and who can reach it.
  networkId: changed,
  // Restore-on-shutdown reverts the disk at every shutdown, to the point or snapshot named.
  restorePointEnabled: changed,
  restorePointFrequency: changed,
  restorePointSnapshotId: changed,
  // Keeping fewer automatic snapshots deletes the oldest; turning them off stops the backups.
  autoSnapshotSaveCount: (v, c) => typeof c !== 'number' || Number(v) < c,
  autoSnapshotEnabled: (v, c) => v === false && c !== false,
  // Forced auto-shutdown stops the machine with users still on it.
  autoShutdownForce: (v, c) => v === true && c !== true,
};
const riskyMachineFields = (args: Args) =>
  Object.entries(RISKY_MACHINE_FIELDS).filter(([k]) => args[k] !== undefined);

/** A call that gives user `userId` access to the `what` at `template`; `undoTool` takes it back. */
export const grantsAccess = (
  what: string,
  template: '/machines/{id}' | '/projects/{id}',
  undoTool: string,
): ConfirmRule => ({
  why: `Grants another user access to the ${what}.`,
  fetch: (args, get) => getEntity(apiPath(template, { id: String(args.id) }))(get),
  facts: async (args) => [`User ${quoted(args.userId)} gets access to this ${what}.`],
  undo: `${undoTool} takes the access back.`,
});

export const machinesUpdateRule: ConfirmRule = {
  why: 'Only when it changes machine type, disk size, public IP type, network, restore point, or lowers automatic snapshots or forces auto-shutdown: reboots, a released static IP, a reverted disk, deleted snapshots.',
  risky: (args) => riskyMachineFields(args).length > 0,
  when: (args, target) => riskyMachineFields(args).some(([k, dangerous]) => dangerous(args[k], target?.[k])),
  facts: updateCostFacts,
  undo: 'A new machine type or disk size reboots the machine and a disk cannot shrink back; a released static IP is gone; restore-on-shutdown reverts the disk at every shutdown.',
};

export const startupScriptsAssignRule: ConfirmRule = {
  why: 'Runs the script on the machine at its boots: code that can change or delete anything on it.',
  fetch: (args, get) => getEntity(apiPath('/machines/{id}', { id: String(args.machineId) }))(get),
  facts: async (args) => [`Script ${quoted(args.id)} runs on this machine at boot.`],
  undo: 'startup_scripts_unassign stops future runs; what a run did stays done.',
};

export const publicIpsAssignRule: ConfirmRule = {
  why: 'Only when the address is assigned to another machine (or its assignment cannot be checked): that machine loses it.',
  fetch: findPublicIp,
  risky: () => true,
  when: (args, target) =>
    !!target &&
    target.assignedMachineId !== undefined &&
    target.assignedMachineId !== null &&
    target.assignedMachineId !== args.machineId,
  undo: 'The current machine loses this public address until it is assigned back.',
};

export const publicIpsReleaseRule: ConfirmRule = {
  why: 'Gives a static address back to the pool.',
  fetch: findPublicIp,
  undo: 'Cannot be undone: the address returns to the pool.',
};

export const privateNetworksCreateRule: ConfirmRule = {
  why: 'Only with migrateMachines: moves every machine outside a private network into the new one.',
  fetch: async () => null,
  risky: (args) => args.migrateMachines === true,
  undo: 'Every machine not yet in a private network is moved into the new one; moving back is manual.',
};

export const projectsCollaboratorsDeleteRule: ConfirmRule = {
  why: "Takes a user's access to the project away.",
  fetch: (args, get) =>
    findInList(
      get,
      apiPath('/projects/{id}/collaborators', { id: String(args.id) }),
      (c) => entityOf(c.user)?.id === args.userId || c.userId === args.userId || c.id === args.userId,
    ),
  undo: 'projects_collaborators_create adds them back.',
};

export const projectsModelsRemoveRule: ConfirmRule = {
  why: 'Detaches a model the project may serve.',
  fetch: (args, get) => getEntity(apiPath('/models/{id}', { id: String(args.modelId) }))(get),
  undo: 'projects_models_add adds it back.',
};

export const projectsTagsRemoveRule: ConfirmRule = {
  why: 'Removes a tag others may filter by.',
  fetch: (args, get) => getEntity(apiPath('/projects/{id}', { id: String(args.id) }))(get),
  undo: 'projects_tags_add adds it back.',
};

export const deploymentsUpsertRule: ConfirmRule = {
  why: 'Runs replicas that are billed while they run (the preview states replicas × rate); with deploymentId, replaces the live spec and replicas roll.',
  // null means "creates": an answer of null for a named deployment is a target not found, not that.
  fetch: async (args, get) =>
    typeof args.deploymentId === 'string'
      ? entityOf(await get(apiPath('/deployments/{id}', { id: args.deploymentId })))
      : null,
  facts: async (_args, target) => {
    const spec = entityOf(target.latestSpec)?.data;
    if (spec === undefined) return [];
    const now = replicasOf(spec);
    const type = now.type === undefined ? '' : ` of type ${inline(now.type)}`;
    return [`Now: ${now.replicas} replica(s)${type}${now.counted ? ` (${now.counted})` : ''}.`];
  },
  undo: 'deployments_upsert with fewer replicas or enabled false stops the billing; a replaced spec stays in deployments_history_list.',
};

export const datasetsDeleteRule: ConfirmRule = {
  why: 'Deletes the dataset and every version.',
  facts: async (args, _target, get) => {
    const path = apiPath('/datasets/{datasetId}/versions', { datasetId: String(args.id) });
    const { items, complete } = await collectPages(pagesOf(get, path, {}, { maxPages: 5, pageSize: 120 }));
    return complete
      ? [`It has ${items.length} version(s), all deleted with it.`]
      : [`It has more than ${items.length} versions, all deleted with it.`];
  },
  undo: 'Cannot be undone: the dataset and all its versions are deleted.',
};

// Message, tags and metadata are labels that can be set again: only a commit asks.
export const datasetsVersionsUpdateRule: ConfirmRule = {
  why: 'Only when it commits the version (isCommitted true): its files are frozen for good.',
  risky: (args) => args.isCommitted === true,
  when: (_args, target) => target?.isCommitted !== true,
  facts: async (args, target) => {
    const bytes = /^\d+$/.test(String(target.usageBytes)) ? ` (${target.usageBytes} bytes)` : '';
    return [
      `Commits version ${quoted(target.version ?? args.version)} of dataset ${quoted(args.datasetId)}: its files${bytes} are frozen, and none can be added, replaced or deleted afterwards.`,
    ];
  },
  undo: 'Cannot be undone: a committed version stays committed, and its files can no longer be added, replaced or deleted.',
};

export const teamsMembersUpdateRule: ConfirmRule = {
  why: 'Only when it changes isAdmin: grants or takes away admin rights over the whole team.',
  fetch: findTeamMember,
  risky: (args) => args.isAdmin !== undefined,
  when: (args, target) => target?.isAdmin !== args.isAdmin,
  undo: 'teams_members_update with the previous isAdmin sets it back.',
};

export const teamsMembersRemoveRule: ConfirmRule = {
  why: 'Removes a user from the team.',
  fetch: findTeamMember,
  undo: 'The user must be invited again.',
};

/** A rule is conditional when some calls of its tool run without asking. */
export const isConditional = (rule: ConfirmRule) => rule.risky !== undefined || rule.when !== undefined;
