import { addRegistry } from '../areas/container-registries.js';
import { insertTemplate } from '../areas/custom-templates.js';
import { insertDataset } from '../areas/datasets.js';
import { createVersion, type DatasetVersion } from '../areas/datasets-versions.js';
import { createDeployment, upsert } from '../areas/deployments.js';
import { parseConfig } from '../areas/deployments-config.js';
import { type EventName, eventTable } from '../areas/machines-common.js';
import { addAccessor, type Machine, machineTable, newMachine, refreshIp } from '../areas/machines-model.js';
import { insertModel } from '../areas/models.js';
import { createNetwork, migrateMachines } from '../areas/private-networks.js';
import { createProject } from '../areas/projects.js';
import { defaultStorageProviderId } from '../areas/projects-common.js';
import { addCollaborator, addTag } from '../areas/projects-members.js';
import { createSecret } from '../areas/projects-secrets.js';
import { attach, claim } from '../areas/public-ips.js';
import { makeDrive } from '../areas/shared-drives.js';
import { insertSnapshot } from '../areas/snapshots.js';
import { assignScript, insertScript } from '../areas/startup-scripts.js';
import { addProvider } from '../areas/storage.js';
import { addMember, addSecret, members } from '../areas/teams.js';
import type { Store } from '../store.js';
import * as demo from './demo-account.js';
import { SEEDED_FILES, SEEDED_FILES_DATASET } from './digits-sample.js';
import { machineType, OS_TEMPLATES } from './machine-catalog.js';

/**
 * Puts the demo account (./demo-account.ts) into the store through the areas' own operations.
 * Seeded ids come from one sequence, so the order here is part of the data: machines before what
 * refers to them, and anything new goes last, leaving the others' ids as they were.
 */
export function seedDemoAccount(store: Store): void {
  const machineNamed = seedMachines(store);
  for (const [machine, name] of demo.CUSTOM_TEMPLATES) insertTemplate(store, machineNamed(machine), name);
  for (const [machine, name, auto] of demo.SNAPSHOTS)
    insertSnapshot(store, machineNamed(machine).id, name, auto);
  for (const { name, script, isRunOnce, assignedTo } of demo.STARTUP_SCRIPTS) {
    const row = insertScript(store, name, script, isRunOnce);
    for (const machine of assignedTo) assignScript(row, machineNamed(machine).id);
  }
  seedInfrastructure(store);
  seedData(store);
  seedProjects(store);
  seedTeam(store);
  seedDigitsSample(store);
}

/** The team's members besides the signed-in owner, and its secrets. */
export function seedTeam(store: Store): void {
  members(store); // The signed-in owner joins first.
  for (const { user, role, ...member } of demo.TEAM_MEMBERS) {
    // Drawn for the invitee too: the store's seed clock steps once per member.
    const active = store.now();
    addMember(
      store,
      { ...user, lastActive: 'invited' in member ? null : active, publicProfileImageUrl: null },
      role,
    );
  }
  for (const [name, value] of demo.TEAM_SECRETS) addSecret(store, name, value);
}

/** Each machine with its finished 'create' event and, when started or stopped later, that event. */
function seedMachines(store: Store): (name: string) => Machine {
  for (const spec of demo.MACHINES) {
    const type = machineType(spec.type);
    const template = OS_TEMPLATES.find((t) => t.name === spec.template);
    if (!type || !template)
      throw new Error(`The demo machine ${spec.name} names an unknown type or template`);
    const machine = newMachine(store, { ...spec, type, template, networkId: null });
    Object.assign(machine, 'extra' in spec ? spec.extra : {});
    machine.state = spec.state;
    refreshIp(machine);
    machine.dtCreated = store.daysAgo(spec.createdDaysAgo);
    machine.dtModified = store.daysAgo(spec.changedDaysAgo);
    // Later seeds (snapshots, scripts, networks) touch machines; the seeded ages are what counts.
    store.afterSeeding(() => {
      machine.dtModified = store.daysAgo(spec.changedDaysAgo);
    });
    machineTable(store).set(machine.id, machine);
    addEvent(store, 'create', machine.id, machine.dtCreated);
    if (spec.changedDaysAgo !== spec.createdDaysAgo)
      addEvent(store, spec.state === 'off' ? 'stop' : 'start', machine.id, machine.dtModified);
    if (spec.name === demo.ACCESSIBLE_MACHINE)
      addAccessor(store, machine.id, { ...store.user, publicProfileImageUrl: null });
  }
  return (name) => {
    const machine = [...machineTable(store).values()].find((m) => m.name === name);
    if (!machine) throw new Error(`The demo account has no machine ${name}`);
    return machine;
  };
}

function addEvent(store: Store, name: EventName, machineId: string, at: string): void {
  const id = store.id('ev');
  const state = 'done';
  eventTable(store).set(id, {
    id,
    name,
    machineId,
    error: null,
    state,
    dtCreated: at,
    dtStarted: at,
    dtFinished: at,
  });
}

function seedInfrastructure(store: Store): void {
  const { region, count } = demo.PUBLIC_IPS;
  const ips = Array.from({ length: count }, () => claim(store, region));
  const machine = [...machineTable(store).values()].find((m) => m.region === region);
  if (ips[0] && machine) attach(store, ips[0], machine.id);
  for (const { name, region, migrate } of demo.PRIVATE_NETWORKS) {
    const network = createNetwork(store, name, region);
    if (migrate) migrateMachines(store, network, region);
  }
  const network = [...store.table('privateNetworks').values()][0];
  if (network) for (const [name, size] of demo.SHARED_DRIVES) makeDrive(store, name, size, network);
  for (const { fields, password } of demo.CONTAINER_REGISTRIES) addRegistry(store, fields, password);
  for (const { s3Config, ...provider } of demo.STORAGE_PROVIDERS) {
    addProvider(store, {
      ...provider,
      s3Config: { ...s3Config, bucket: s3Config.bucket.replace('{team}', store.team.id) },
    });
  }
}

function seedData(store: Store): void {
  for (const { name, description, isPublic, versions, ...more } of demo.DATASETS) {
    const storageProviderId = 'noStorage' in more ? null : defaultStorageProviderId(store);
    const { id } = insertDataset(store, { name, description, isPublic, storageProviderId });
    for (const { uncommitted, ...version } of versions) createVersion(store, id, version, !uncommitted);
  }
  for (const model of demo.MODELS) {
    insertModel(store, { ...model, projectId: null, storageProviderId: defaultStorageProviderId(store) });
  }
}

/** Projects, then their tags, collaborators and secrets (in that order: it fixes their ids). */
function seedProjects(store: Store): void {
  const projects = demo.PROJECTS.map((p) => ({ ...p, id: createProject(store, p.name).id }));
  for (const { id, tags } of projects) for (const tag of tags) addTag(store, id, tag);
  for (const { id, collaborator } of projects) if (collaborator) addCollaborator(store, id, store.user.id);
  for (const { id, secrets } of projects)
    for (const secret of secrets) createSecret(store, id, { ...secret });
  const models = [...store.table('models').values()];
  projects.slice(0, 2).forEach(({ id }, i) => {
    const model = models[i];
    if (model) model.projectId = id;
  });
  const first = projects[0];
  if (!first) return;
  for (const { name, image, replicas, env, ...more } of demo.DEPLOYMENTS) {
    const config = (n: number) =>
      parseConfig({
        apiVersion: 'v1',
        name,
        image,
        enabled: true,
        env: env.map((e) => ({ ...e })),
        resources: { machineType: 'A4000', ports: [8080], replicas: n },
      });
    const deployment = createDeployment(store, first.id, config(replicas));
    if ('scaledTo' in more)
      upsert(store, { deploymentId: deployment.id, projectId: first.id, config: config(more.scaledTo) });
  }
}

/** The digits-sample dataset on the unmanaged provider, with one committed version of its files. */
function seedDigitsSample(store: Store): void {
  const provider = [...store.table('storageProviders').values()].find((p) => p.isManaged === false);
  if (typeof provider?.id !== 'string') return;
  const dataset = insertDataset(store, {
    name: SEEDED_FILES_DATASET,
    description: 'Three handwritten digits and their labels, stored in the team bucket "aws-datasets"',
    isPublic: false,
    storageProviderId: provider.id,
  });
  const version = createVersion(store, dataset.id, { message: 'first sample', tags: 'latest' }, true);
  const bytes = Object.values(SEEDED_FILES).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  version.usageBytes = String(bytes);
}

/**
 * The objects to put into storage: the seeded files under every version of the seeded dataset,
 * modified when the version was made (so a listing reads the same on every start).
 */
export function seededObjects(store: Store): { bucket: string; key: string; body: Buffer; modified: Date }[] {
  const ids = new Set(
    [...store.table('datasets').values()].filter((d) => d.name === SEEDED_FILES_DATASET).map((d) => d.id),
  );
  return [...store.table<DatasetVersion>('datasetVersions').values()]
    .filter((v) => ids.has(v.datasetId))
    .flatMap((v) => {
      const [, bucket, prefix] = /^s3:\/\/([^/]+)\/(.*)$/.exec(v.url ?? '') ?? [];
      if (bucket === undefined || prefix === undefined) return [];
      return Object.entries(SEEDED_FILES).map(([path, text]) => ({
        bucket,
        key: `${prefix}${path}`,
        body: Buffer.from(text),
        modified: new Date(v.dtCreated),
      }));
    });
}
