import { authOperations } from '../auth.js';
import { containerRegistriesOperations } from '../container-registries.js';
import { customTemplatesOperations } from '../custom-templates.js';
import { datasetFilesOperations } from '../dataset-files.js';
import { datasetsOperations } from '../datasets.js';
import type { Operation } from '../define.js';
import { deploymentsOperations } from '../deployments.js';
import { machinesOperations } from '../machines.js';
import { modelsOperations } from '../models.js';
import { privateNetworksOperations } from '../private-networks.js';
import { projectsOperations } from '../projects.js';
import { publicIpsOperations } from '../public-ips.js';
import { sharedDrivesOperations } from '../shared-drives.js';
import { snapshotsOperations } from '../snapshots.js';
import { startupScriptsOperations } from '../startup-scripts.js';
import { storageOperations } from '../storage.js';
import { teamsOperations } from '../teams.js';
import { workflowsOperations } from '../workflows/rows.js';
import type { AreaName } from './row-loaders.js';

/** Every area's rows, in listing order; row-loaders.ts loads the same modules one by one. */
const AREA_ROWS = {
  auth: authOperations,
  machines: machinesOperations,
  'custom-templates': customTemplatesOperations,
  snapshots: snapshotsOperations,
  'startup-scripts': startupScriptsOperations,
  'public-ips': publicIpsOperations,
  'private-networks': privateNetworksOperations,
  'shared-drives': sharedDrivesOperations,
  'container-registries': containerRegistriesOperations,
  projects: projectsOperations,
  deployments: deploymentsOperations,
  datasets: datasetsOperations,
  'dataset-files': datasetFilesOperations,
  models: modelsOperations,
  storage: storageOperations,
  teams: teamsOperations,
  workflows: workflowsOperations,
} as const;

export const AREAS: { readonly [A in AreaName]: readonly Operation[] } = AREA_ROWS;

/** Every operation of the Paperspace public API, one row each, then the composite workflow rows. */
export const OPERATIONS: readonly Operation[] = Object.values(AREAS).flat();

type Row = (typeof AREA_ROWS)[keyof typeof AREA_ROWS][number];
/** The name of every tool: a typo in a name keyed by this type is a type error. */
export type ToolName = Row['name'];
type Writes = 'create' | 'update' | 'action' | 'delete';
/** Rows that say `gated: true` without a rule in `confirm`. */
type GatedWithoutRule = Exclude<
  Extract<Row, { readonly gated: true }>,
  { readonly confirm: { readonly why: string } }
>;
/** Write rows that are not gated and do not say why (`confirm: { never: reason }`). */
type UngatedWithoutReason = Exclude<
  Extract<Row, { readonly kind: Writes }>,
  { readonly gated: true } | { readonly confirm: { readonly never: string } }
>;
/**
 * Every gated row has its rule and every other write row the reason it runs unconfirmed: a row
 * without one is a type error here, naming the tool.
 */
export const EVERY_WRITE_SAYS_WHY: [GatedWithoutRule | UngatedWithoutReason] extends [never]
  ? true
  : { missingConfirm: (GatedWithoutRule | UngatedWithoutReason)['name'] } = true;
