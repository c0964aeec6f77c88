import type { SandboxArea } from '../router.js';
import { auth } from './auth.js';
import { containerRegistries } from './container-registries.js';
import { customTemplates } from './custom-templates.js';
import { datasetFilesSeed } from './dataset-files-seed.js';
import { datasets } from './datasets.js';
import { deployments } from './deployments.js';
import { machines } from './machines.js';
import { models } from './models.js';
import { privateNetworks } from './private-networks.js';
import { projects } from './projects.js';
import { publicIps } from './public-ips.js';
import { sharedDrives } from './shared-drives.js';
import { snapshots } from './snapshots.js';
import { startupScripts } from './startup-scripts.js';
import { storage } from './storage.js';
import { teams } from './teams.js';

/**
 * Every area of the simulated API; seeds run in this order (machines before what refers to them).
 * Seeded ids come from one sequence, so a new seed goes last and leaves the others' ids as they were.
 */
export const AREAS: readonly SandboxArea[] = [
  auth,
  machines,
  customTemplates,
  snapshots,
  startupScripts,
  publicIps,
  privateNetworks,
  sharedDrives,
  containerRegistries,
  storage,
  datasets,
  models,
  projects,
  deployments,
  teams,
  datasetFilesSeed,
];
