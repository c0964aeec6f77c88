/**
 * The `--sandbox` demo account as plain data: what src/sandbox/seed/seed-demo.ts puts into the
 * store, in this order. Ids and times are not here: the store draws them deterministically while
 * seeding, so the same data gets the same ids on every start. Ages count back from the seed anchor.
 */

/** Five machines: two running (one without auto-shutdown), two stopped over a week ago, one two days ago. */
export const MACHINES = [
  {
    name: 'train-a100',
    type: 'A100',
    template: 'ML-in-a-Box Ubuntu 22.04',
    diskSize: 500,
    region: 'ny2',
    state: 'ready',
    createdDaysAgo: 30,
    changedDaysAgo: 1,
    extra: {
      publicIpType: 'static',
      autoShutdownEnabled: true,
      autoShutdownTimeout: 8,
      autoShutdownForce: false,
    },
  },
  {
    name: 'dev-rtx4000',
    type: 'RTX4000',
    template: 'Ubuntu 22.04 Server',
    diskSize: 100,
    region: 'ca1',
    state: 'off',
    createdDaysAgo: 21,
    changedDaysAgo: 10,
    extra: { autoSnapshotEnabled: true, autoSnapshotFrequency: 'daily', autoSnapshotSaveCount: 3 },
  },
  {
    name: 'win-workstation',
    type: 'C5',
    template: 'Windows Server 2019',
    diskSize: 50,
    region: 'ams1',
    state: 'off',
    createdDaysAgo: 40,
    changedDaysAgo: 16,
  },
  {
    name: 'api-c7',
    type: 'C7',
    template: 'Ubuntu 22.04 Server',
    diskSize: 50,
    region: 'ny2',
    state: 'ready',
    createdDaysAgo: 12,
    changedDaysAgo: 12,
  },
  {
    name: 'scratch-c5',
    type: 'C5',
    template: 'Ubuntu 22.04 Server',
    diskSize: 50,
    region: 'ny2',
    state: 'off',
    createdDaysAgo: 5,
    changedDaysAgo: 2,
  },
] as const;

/** The machine the signed-in user is an accessor of. */
export const ACCESSIBLE_MACHINE = 'train-a100';

/** Custom templates: [machine, template name]. */
export const CUSTOM_TEMPLATES = [
  ['train-a100', 'ml-base-cuda12'],
  ['train-a100', 'imagenet-trainer-2024-05'],
] as const;

/** Snapshots: [machine, name, automatic]. */
export const SNAPSHOTS = [
  ['train-a100', 'train-a100 before cuda 12.4 upgrade', false],
  ['train-a100', 'train-a100 daily', true],
  ['dev-rtx4000', 'dev-rtx4000 clean install', false],
] as const;

export const STARTUP_SCRIPTS = [
  {
    name: 'install-nvidia-drivers',
    script: '#!/bin/bash\nset -e\napt-get update && apt-get install -y nvidia-driver-535\n',
    isRunOnce: true,
    assignedTo: ['train-a100'],
  },
  {
    name: 'mount-datasets',
    script: '#!/bin/bash\nmkdir -p /datasets && mount -a\n',
    isRunOnce: false,
    assignedTo: [],
  },
] as const;

/** Two public IPs claimed in this region; the first is attached to a machine there. */
export const PUBLIC_IPS = { region: 'ny2', count: 2 } as const;

/** Private networks; `migrate` moves the region's machines into it. */
export const PRIVATE_NETWORKS = [
  { name: 'research-net', region: 'ny2', migrate: true },
  { name: 'inference-net', region: 'ny2', migrate: false },
] as const;

/** Shared drives on the first private network: [name, size in GB]. */
export const SHARED_DRIVES = [
  ['imagenet-subset', 250],
  ['team-checkpoints', 1000],
] as const;

/** Container registries with their write-only passwords (demo values, not real credentials). */
export const CONTAINER_REGISTRIES = [
  {
    fields: {
      name: 'ghcr-ml',
      kind: 'ghcr',
      namespace: 'analytical-engines',
      url: 'ghcr.io',
      username: 'ada',
    },
    password: 'ghp_demoTokenNotReal0000',
  },
  {
    fields: {
      name: 'dockerhub-base',
      kind: 'dockerhub',
      namespace: 'aengines',
      url: 'docker.io',
      username: 'aengines',
    },
    password: 'dckr_pat_demoNotReal',
  },
] as const;

const S3_DEFAULTS = { endpoint: null, region: 'us-east-1', retainData: false, signatureVersion: null };

/**
 * Storage providers. Managed storage hands out no keys (its files are reachable only through
 * Paperspace); its bucket is named after the team. The unmanaged one is pointed at the sandbox's
 * own S3 when it runs one.
 */
export const STORAGE_PROVIDERS = [
  {
    name: 'Paperspace managed storage',
    isManaged: true,
    isTeamDefault: true,
    s3Config: { ...S3_DEFAULTS, accessKey: '', bucket: 'ps-{team}', secretAccessKey: '' },
  },
  {
    name: 'aws-datasets',
    isManaged: false,
    isTeamDefault: false,
    s3Config: {
      ...S3_DEFAULTS,
      accessKey: 'AKIAIOSFODNN7EXAMPLE',
      bucket: 'analytical-engines-datasets',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
  },
] as const;

/** Datasets on the team's default storage (or none), each version committed unless said otherwise. */
export const DATASETS = [
  {
    name: 'imagenet-subset',
    description: '100-class ImageNet subset, 128k training images',
    isPublic: false,
    versions: [
      { message: 'initial import', tags: 'raw', uncommitted: false },
      { message: 'deduplicated, resized to 256px', tags: 'latest,clean', uncommitted: false },
    ],
  },
  {
    name: 'coco-2017-val',
    description: 'COCO 2017 validation split with instance annotations',
    isPublic: false,
    versions: [{ message: 'upload in progress', metadata: { source: 'cocodataset.org' }, uncommitted: true }],
  },
  { name: 'mnist', description: null, isPublic: true, versions: [], noStorage: true },
] as const;

/** Models on the team's default storage; the first two are moved into the first two projects. */
export const MODELS = [
  {
    name: 'resnet50-imagenet',
    isPublic: false,
    description: 'ResNet-50 fine-tuned on the imagenet-subset dataset',
  },
  { name: 'llama-ft-v2', isPublic: false, description: 'Llama 3 8B LoRA fine-tune for support tickets' },
  { name: 'whisper-small-en', isPublic: true, description: null },
] as const;

/** Projects with their tags, whether the signed-in user collaborates, and secrets (demo values). */
export const PROJECTS = [
  {
    name: 'vision-lab',
    tags: ['computer-vision', 'production'],
    collaborator: true,
    secrets: [{ name: 'HF_TOKEN', value: 'hf_sandbox_3kq9x2mv7lp' }],
  },
  {
    name: 'llm-finetune',
    tags: ['nlp'],
    collaborator: false,
    secrets: [{ name: 'WANDB_API_KEY', value: 'wandb_sandbox_8d1f0c2a' }],
  },
  { name: 'audio-experiments', tags: [], collaborator: false, secrets: [] },
] as const;

/** Deployments of the first project (v1 specs on A4000, port 8080); `scaledTo` sends a second spec. */
export const DEPLOYMENTS = [
  {
    name: 'stable-diffusion-api',
    image: 'paperspace/stable-diffusion-webui:1.9.0',
    replicas: 1,
    scaledTo: 2,
    env: [{ name: 'HF_TOKEN', value: 'secret:HF_TOKEN' }],
  },
  { name: 'resnet-inference', image: 'ghcr.io/analytical-engines/resnet-serve:2024.6', replicas: 1, env: [] },
] as const;

/** Team members besides the signed-in owner; Alan is invited and has not confirmed yet. */
export const TEAM_MEMBERS = [
  {
    user: { id: 'u8fj2kq7w', email: 'charles@example.com', firstName: 'Charles', lastName: 'Babbage' },
    role: { dtConfirmed: '2024-03-05T09:01:44.000Z', isAdmin: true, isOwner: false },
  },
  {
    user: { id: 'u5mz1rt4c', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
    role: { dtConfirmed: '2024-04-11T16:27:03.000Z', isAdmin: false, isOwner: false },
  },
  {
    user: { id: 'u2vd8nx6h', email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing' },
    role: { dtConfirmed: null, isAdmin: false, isOwner: false },
    invited: true,
  },
] as const;

/** Team secrets (demo values). */
export const TEAM_SECRETS = [
  ['HF_TOKEN', 'hf_demoTokenNotReal'],
  ['WANDB_API_KEY', 'wandb-demo-not-real'],
] as const;

/**
 * The signed-in user and team (the store's `user` and `team`) and the rest of what
 * auth_session_get describes of them.
 */
export const SESSION = {
  team: {
    analyticsId: 48213,
    id: 'te7hq4kzp',
    isPrivate: false,
    maxMachines: 20,
    namespace: 'analytical-engines',
    name: 'Analytical Engines',
  },
  user: {
    analyticsId: 90417,
    dtConfirmed: '2024-03-02T10:15:22.000Z',
    dtCreated: '2024-03-02T10:12:01.000Z',
    email: 'ada@example.com',
    firstName: 'Ada',
    id: 'u3xk9mbq2',
    isPasswordAuthEnabled: true,
    isPhoneVerified: false,
    isQrCodeBasedMfaConfirmed: false,
    isQrCodeBasedMfaEnabled: false,
    lastName: 'Lovelace',
    metadata: { graphcoreTermsAccepted: false },
  },
} as const;
