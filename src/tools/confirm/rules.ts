/**
 * What the confirmation gate needs to know per gated tool: how to fetch the target as the API
 * reports it now, when the call is dangerous (conditional rules), and whether it can be undone.
 * Every gated tool has an entry (the type demands it); what an entry leaves out takes the defaults:
 * always confirm, target fetched from the GET route derived from the tool's own route.
 */
import { updateCostFacts } from '../../workflows/update-cost.js';
import type { GatedToolName } from '../operations.js';

export type Args = Record<string, unknown>;
export type Entity = Record<string, unknown>;
/** GET below the API base; resolves undefined on 404. */
export type Get = (path: string, query?: Record<string, unknown>) => Promise<unknown>;

export interface ConfirmRule {
  /** Fetches the target; undefined = not found, null = the call has no existing target. */
  fetch?: (args: Args, get: Get) => Promise<Entity | null | undefined>;
  /** Confirmation is needed only when this is true (conditional rules). */
  when?: (args: Args, target: Entity | null | undefined) => boolean;
  /** Shown under the target, e.g. "It holds 3 versions." */
  facts?: (args: Args, target: Entity, get: Get) => Promise<string[]>;
  /** Whether and how the change can be undone. */
  undo: string;
}

const enc = encodeURIComponent;

/** Finds an item in a paginated list, walking at most `maxPages` pages. */
async function findInList(
  get: Get,
  path: string,
  match: (item: Entity) => boolean,
  maxPages = 10,
): Promise<Entity | undefined> {
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const res = (await get(path, { limit: 120, after })) as {
      items?: Entity[];
      hasMore?: boolean;
      nextPage?: string;
    };
    const found = res?.items?.find(match);
    if (found) return found;
    if (!res?.hasMore || !res.nextPage) return undefined;
    after = res.nextPage;
  }
  return undefined;
}

const findPublicIp = (args: Args, get: Get) => findInList(get, '/public-ips', (i) => i.ip === args.ip);

const differs = (args: Args, target: Entity | null | undefined, keys: string[]) =>
  keys.some((k) => args[k] !== undefined && (!target || args[k] !== target[k]));

/** One rule per gated tool: a missing rule or a misspelt key is a type error. */
export const CONFIRM_RULES: Record<GatedToolName, ConfirmRule> = {
  machines_delete: { undo: 'Cannot be undone: the machine and its disk are deleted.' },
  machines_stop: { undo: 'Running work is interrupted; machines_start starts it again (disk is kept).' },
  machines_restart: { undo: 'Running work is interrupted; a restart cannot be taken back.' },
  machines_update: {
    when: (args, target) =>
      differs(args, target, ['machineType', 'diskSize', 'restorePointEnabled', 'restorePointFrequency']),
    facts: updateCostFacts,
    undo: 'A new machine type or disk size reboots the machine and a disk cannot shrink back; restore-on-shutdown reverts the disk at every shutdown.',
  },
  machines_accessors_remove: { undo: 'The user loses access; machines_accessors_add grants it again.' },
  snapshots_delete: { undo: 'Cannot be undone: the snapshot is gone.' },
  snapshots_restore: {
    undo: "Overwrites the machine's disk with the snapshot; only recoverable if createSnapshotBeforeRestore is true.",
  },
  custom_templates_delete: {
    undo: 'Cannot be undone: machines can no longer be created from this template.',
  },
  startup_scripts_update: { undo: 'The old script body cannot be read back afterwards.' },
  startup_scripts_delete: { undo: 'Cannot be undone: the script body is gone.' },
  startup_scripts_unassign: { undo: 'startup_scripts_assign assigns it again.' },
  public_ips_assign: {
    fetch: findPublicIp,
    when: (args, target) =>
      !!target &&
      target.assignedMachineId !== undefined &&
      target.assignedMachineId !== null &&
      target.assignedMachineId !== args.machineId,
    undo: 'The current machine loses this public address until it is assigned back.',
  },
  public_ips_release: { fetch: findPublicIp, undo: 'Cannot be undone: the address returns to the pool.' },
  private_networks_create: {
    fetch: async () => null,
    when: (args) => args.migrateMachines === true,
    undo: 'Every machine not yet in a private network is moved into the new one; moving back is manual.',
  },
  private_networks_delete: { undo: 'Cannot be undone.' },
  shared_drives_delete: { undo: 'Cannot be undone: the drive and its data are deleted.' },
  container_registries_update: { undo: 'The stored credentials are replaced and cannot be read back.' },
  container_registries_delete: { undo: 'Cannot be undone: deployments pulling through it may fail.' },
  projects_delete: { undo: 'Cannot be undone.' },
  projects_collaborators_delete: {
    fetch: (args, get) =>
      findInList(
        get,
        `/projects/${enc(String(args.id))}/collaborators`,
        (c) =>
          (c.user as Entity | undefined)?.id === args.userId ||
          c.userId === args.userId ||
          c.id === args.userId,
      ),
    undo: 'projects_collaborators_create adds them back.',
  },
  projects_models_remove: {
    fetch: async (args, get) => (await get(`/models/${enc(String(args.modelId))}`)) as Entity | undefined,
    undo: 'projects_models_add adds it back.',
  },
  projects_secrets_update: { undo: 'The old value cannot be read back.' },
  projects_secrets_delete: { undo: 'Cannot be undone: the value cannot be read back.' },
  projects_tags_remove: {
    fetch: async (args, get) => (await get(`/projects/${enc(String(args.id))}`)) as Entity | undefined,
    undo: 'projects_tags_add adds it back.',
  },
  deployments_upsert: {
    fetch: async (args, get) =>
      typeof args.deploymentId === 'string'
        ? ((await get(`/deployments/${enc(args.deploymentId)}`)) as Entity | undefined)
        : null,
    when: (_args, target) => !!target,
    undo: 'The live spec is replaced and replicas roll; the previous spec stays in deployments_history_list.',
  },
  deployments_delete: { undo: 'Cannot be undone: the endpoint stops serving.' },
  datasets_delete: {
    facts: async (args, _target, get) => {
      let count = 0;
      let after: string | undefined;
      for (let page = 0; page < 5; page++) {
        const res = (await get(`/datasets/${enc(String(args.id))}/versions`, { limit: 120, after })) as {
          items?: unknown[];
          hasMore?: boolean;
          nextPage?: string;
        };
        count += res?.items?.length ?? 0;
        if (!res?.hasMore || !res.nextPage) return [`It has ${count} version(s), all deleted with it.`];
        after = res.nextPage;
      }
      return [`It has more than ${count} versions, all deleted with it.`];
    },
    undo: 'Cannot be undone: the dataset and all its versions are deleted.',
  },
  datasets_versions_delete: { undo: 'Cannot be undone.' },
  datasets_versions_update: {
    undo: 'Message, tags and metadata are overwritten; committing (isCommitted true) freezes the version for good.',
  },
  models_delete: { undo: 'Cannot be undone.' },
  storage_providers_update: { undo: 'The S3 credentials are replaced and cannot be read back.' },
  storage_providers_delete: { undo: 'Cannot be undone: datasets and models on it lose their storage.' },
  teams_members_remove: {
    fetch: (args, get) =>
      findInList(
        get,
        `/teams/${enc(String(args.teamId))}/users`,
        (m) => (m.user as Entity | undefined)?.id === args.userId,
      ),
    undo: 'The user must be invited again.',
  },
  teams_secrets_update: { undo: 'The old value cannot be read back.' },
  teams_secrets_delete: { undo: 'Cannot be undone: the value cannot be read back.' },
};

/** The rule of a tool by its runtime name (undefined for a tool that is not gated). */
export const ruleFor = (name: string): ConfirmRule | undefined =>
  Object.hasOwn(CONFIRM_RULES, name) ? CONFIRM_RULES[name as GatedToolName] : undefined;
