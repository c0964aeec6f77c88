/**
 * The names of the toolsets, in the order docs and errors list them. A row names its toolset with
 * one of these; the manifest (registry/toolsets.ts) holds what each set is.
 */
export const TOOLSET_NAMES = [
  'auth',
  'machines',
  'machine_accessors',
  'custom_templates',
  'snapshots',
  'startup_scripts',
  'public_ips',
  'private_networks',
  'shared_drives',
  'container_registries',
  'projects',
  'deployments',
  'datasets',
  'models',
  'storage',
  'teams',
  'workflows',
] as const;
export type ToolsetName = (typeof TOOLSET_NAMES)[number];
