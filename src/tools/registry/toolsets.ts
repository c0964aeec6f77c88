import { TOOLSETS, type ToolsetName } from '../define.js';

/**
 * What an agent needs most, within a context budget of 20 kB of tool definitions (about 18.8 kB
 * used, every field described: machine accessors, models and snapshots are one flag away);
 * `--toolsets default,projects,deployments` adds more, `--toolsets all` exposes everything.
 */
export const DEFAULT_TOOLSETS: readonly ToolsetName[] = ['auth', 'machines', 'datasets', 'workflows'];

export const TOOLSET_DESCRIPTIONS: Record<ToolsetName, string> = {
  auth: 'The signed-in user and team',
  machines:
    'Machines: create, list, start/stop/restart, update, delete; events, desktop, availability, OS templates',
  machine_accessors: 'Team members given access to a machine: add, list, get, remove',
  custom_templates: 'Custom templates made from machines',
  snapshots: 'Machine snapshots: create, restore, delete',
  startup_scripts: 'Startup scripts and their assignment to machines',
  public_ips: 'Public IPs: claim, assign, release',
  private_networks: 'Private networks',
  shared_drives: 'Shared drives',
  container_registries: 'Container registries',
  projects: 'Projects and their collaborators, models, secrets, tags, activity and deployments',
  deployments: 'Deployments: upsert, runs, logs, metrics, history',
  datasets: 'Datasets and dataset versions',
  models: 'Models',
  storage: 'Storage providers and storage utilization',
  teams: 'Team members and team secrets',
  workflows: 'Wait for machines and deployments, cost summary with a spend cap, one tool on many items',
};

export { TOOLSETS };
