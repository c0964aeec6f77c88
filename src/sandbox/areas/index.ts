import type { SandboxArea } from '../router.js';
import { auth } from './auth.js';
import { containerRegistries } from './container-registries.js';
import { customTemplates } from './custom-templates.js';
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

/** Every area of the simulated API (the demo account they start with is seeded by src/sandbox/seed/). */
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
];
