import type { Kind } from '../define.js';
import { TOOLSET_NAMES, type ToolsetName } from '../toolset-names.js';

/** What a toolset is: its line in the docs, and whether a server exposes it by default. */
interface ToolsetEntry {
  readonly description: string;
  /** Exposed when `--toolsets` is not given, or where it names `default`. */
  readonly default: boolean;
}

/**
 * The toolset manifest: every set, its description and whether it is a default, in one table.
 * The defaults are what an agent needs most, within a context budget of 20 kB of tool definitions
 * (about 18.8 kB used, every field described: machine accessors, models and snapshots are one flag
 * away); `--toolsets default,projects,deployments` adds more, `--toolsets all` exposes everything.
 */
export const TOOLSET_MANIFEST = {
  auth: { description: 'The signed-in user and team', default: true },
  machines: {
    description:
      'Machines: create, list, start/stop/restart, update, delete; events, desktop, availability, OS templates',
    default: true,
  },
  machine_accessors: {
    description: 'Team members given access to a machine: add, list, get, remove',
    default: false,
  },
  custom_templates: { description: 'Custom templates made from machines', default: false },
  snapshots: { description: 'Machine snapshots: create, restore, delete', default: false },
  startup_scripts: { description: 'Startup scripts and their assignment to machines', default: false },
  public_ips: { description: 'Public IPs: claim, assign, release', default: false },
  private_networks: { description: 'Private networks', default: false },
  shared_drives: { description: 'Shared drives', default: false },
  container_registries: { description: 'Container registries', default: false },
  projects: {
    description: 'Projects and their collaborators, models, secrets, tags, activity and deployments',
    default: false,
  },
  deployments: { description: 'Deployments: upsert, runs, logs, metrics, history', default: false },
  datasets: { description: 'Datasets and dataset versions', default: true },
  models: { description: 'Models', default: false },
  storage: { description: 'Storage providers and storage utilization', default: false },
  teams: { description: 'Team members and team secrets', default: false },
  workflows: {
    description: 'Wait for machines and deployments, cost summary with a spend cap, one tool on many items',
    default: true,
  },
} as const satisfies Record<ToolsetName, ToolsetEntry>;

/**
 * What stays of every set under `--read-only`: its tools of these kinds (reads), whatever set
 * they are in.
 */
export const READ_ONLY_KINDS: readonly Kind[] = ['read'];

/** Every toolset, in the order docs and errors list them. */
export const TOOLSETS: readonly ToolsetName[] = TOOLSET_NAMES;

/** The sets a server exposes by default, in manifest order. */
export const DEFAULT_TOOLSETS: readonly ToolsetName[] = TOOLSETS.filter((t) => TOOLSET_MANIFEST[t].default);
