import type { UngatedWriteToolName } from '../tools/operations.js';

/**
 * Why each write tool runs without a confirmation: the answer to "can it lose data, money,
 * access or an address, or grant privilege?" for every tool that is not gated. A new write tool
 * without an entry here, or without `gated: true` on its row, is a type error. docs/SECURITY.md
 * shows these next to the gated tools' reasons (`why` in rules.ts).
 */
export const UNGATED_WHY: Record<UngatedWriteToolName, string> = {
  machines_start:
    'Starts a stopped machine; nothing is lost. Billing starts: capped by --max-hourly-spend; machines_stop stops it.',
  custom_templates_create: "Creates a template from a machine's disk; the machine is not changed.",
  custom_templates_update: 'Renames a template; the old name can be set back.',
  snapshots_create: 'Creates a snapshot; nothing existing changes.',
  snapshots_update: 'Renames a snapshot; the old name can be set back.',
  startup_scripts_create: 'Creates a script that runs nowhere until startup_scripts_assign, which is gated.',
  public_ips_claim:
    'Claims a new billable address; no machine changes until public_ips_assign, which is gated when it takes an address away.',
  private_networks_update: 'Renames a network; the old name can be set back.',
  shared_drives_create: 'Creates a drive in a network; nothing existing changes.',
  shared_drives_update: 'Renames a drive; the old name can be set back.',
  container_registries_create:
    'Adds registry credentials; nothing existing changes. Replacing them (update) is gated.',
  projects_create: 'Creates an empty project.',
  projects_update: 'Renames a project; the old name can be set back.',
  projects_models_add: 'Attaches a model; projects_models_remove detaches it.',
  projects_secrets_create: 'Adds a new secret; replacing a value (projects_secrets_update) is gated.',
  projects_tags_add: 'Adds a label; projects_tags_remove takes it off.',
  datasets_create: 'Creates an empty dataset.',
  datasets_update: 'Changes name or description; the old ones can be set back.',
  models_create: 'Creates a model entry; nothing existing changes.',
  storage_providers_create:
    'Adds a provider; nothing existing changes. Replacing its keys (update) is gated.',
  teams_secrets_create: 'Adds a new secret; replacing a value (teams_secrets_update) is gated.',
  batch_run:
    'Runs another tool per item: a gated tool gets one confirmation for the whole batch, bound to every item.',
};
