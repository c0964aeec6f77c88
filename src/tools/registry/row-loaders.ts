import type { Operation } from '../define.js';

/**
 * The rows of each API area (the workflows count as one), loaded on their own. The bundle splits at
 * these imports, so a process builds the zod schemas of an area only when one of its tools is first
 * called: a call of machines_get pays for the machines rows, not for all of them. Keys are the
 * `area` of the prebuilt tool table (prebuilt.ts); all-rows.ts lists the same modules statically,
 * in the same order.
 */
export const ROW_LOADERS = {
  auth: () => import('../auth.js').then((m) => m.authOperations),
  machines: () => import('../machines.js').then((m) => m.machinesOperations),
  'custom-templates': () => import('../custom-templates.js').then((m) => m.customTemplatesOperations),
  snapshots: () => import('../snapshots.js').then((m) => m.snapshotsOperations),
  'startup-scripts': () => import('../startup-scripts.js').then((m) => m.startupScriptsOperations),
  'public-ips': () => import('../public-ips.js').then((m) => m.publicIpsOperations),
  'private-networks': () => import('../private-networks.js').then((m) => m.privateNetworksOperations),
  'shared-drives': () => import('../shared-drives.js').then((m) => m.sharedDrivesOperations),
  'container-registries': () =>
    import('../container-registries.js').then((m) => m.containerRegistriesOperations),
  projects: () => import('../projects.js').then((m) => m.projectsOperations),
  deployments: () => import('../deployments.js').then((m) => m.deploymentsOperations),
  datasets: () => import('../datasets.js').then((m) => m.datasetsOperations),
  'dataset-files': () => import('../dataset-files.js').then((m) => m.datasetFilesOperations),
  models: () => import('../models.js').then((m) => m.modelsOperations),
  storage: () => import('../storage.js').then((m) => m.storageOperations),
  teams: () => import('../teams.js').then((m) => m.teamsOperations),
  workflows: () => import('../workflows/rows.js').then((m) => m.workflowsOperations),
} as const satisfies Record<string, () => Promise<readonly Operation[]>>;

export type AreaName = keyof typeof ROW_LOADERS;

/** What finding a tool's row needs: its name and area, as the prebuilt table lists them. */
export interface RowRef {
  readonly name: string;
  readonly area: string;
}

const LOADERS: ReadonlyMap<string, () => Promise<readonly Operation[]>> = new Map(
  Object.entries(ROW_LOADERS),
);
const loaded = new Map<string, Promise<ReadonlyMap<string, Operation>>>();

/** The operation row of a listed tool; its area loads once per process, at the first need. */
export async function rowOf(tool: RowRef): Promise<Operation> {
  let rows = loaded.get(tool.area);
  if (rows === undefined) {
    const load = LOADERS.get(tool.area);
    if (load === undefined) throw new Error(`${tool.name}: unknown area ${tool.area} in the tool table`);
    rows = load().then((ops) => new Map(ops.map((op) => [op.name, op])));
    loaded.set(tool.area, rows);
  }
  const op = (await rows).get(tool.name);
  if (op === undefined) throw new Error(`${tool.name} is not a row of the ${tool.area} area`);
  return op;
}
