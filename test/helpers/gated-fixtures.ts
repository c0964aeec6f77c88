import type { PaperspaceClient } from '../../src/client/client.js';
import type { Store } from '../../src/sandbox/store.js';

/**
 * For every gated tool: how to create a real target in the sandbox (through the API itself, not
 * through the gate), the arguments that make the call dangerous, and how to change the target
 * behind the agent's back (for the "target changed since the preview" cases).
 */
export interface GatedFixture {
  args: Record<string, unknown>;
  /** Changes the target as another actor would; undefined where the call has no existing target. */
  change?: () => Promise<unknown>;
}

type Body = Record<string, unknown>;

export class Api {
  constructor(
    private readonly client: PaperspaceClient,
    /** The sandbox's state, for what the API offers no call to create (team members). */
    readonly store?: Store,
  ) {}
  get = (path: string, query?: Body) => this.client.request({ method: 'GET', path, query }) as Promise<Body>;
  post = (path: string, body?: Body) => this.client.request({ method: 'POST', path, body }) as Promise<Body>;
  put = (path: string, body: Body) => this.client.request({ method: 'PUT', path, body }) as Promise<Body>;
  patch = (path: string, body?: Body) =>
    this.client.request({ method: 'PATCH', path, body }) as Promise<Body>;
  del = (path: string, query?: Body) =>
    this.client.request({ method: 'DELETE', path, query }) as Promise<Body>;

  async machine(name = 'gate-target'): Promise<string> {
    const created = await this.post('/machines', { ...MACHINE, name, startOnCreate: true });
    const id = (created.data as Body).id as string;
    await settle(this, id);
    return id;
  }

  async project(): Promise<string> {
    return (await this.post('/projects', { name: 'gate-project' })).id as string;
  }

  async deployment(projectId: string): Promise<string> {
    const res = await this.post('/deployments', { projectId, config: deploymentSpec('gate-deploy', 1) });
    return res.deploymentId as string;
  }

  async dataset(): Promise<string> {
    return (await this.post('/datasets', { name: 'gate-dataset', isPublic: false })).id as string;
  }

  async network(): Promise<string> {
    return (await this.post('/private-networks', { name: 'gate-net', region: 'ny2' })).id as string;
  }
}

/** A machine the sandbox can create (name aside). */
export const MACHINE = { machineType: 'A4000', templateId: 't0nspur5', diskSize: 50, region: 'ny2' };

export const deploymentSpec = (name: string, replicas: number) => ({
  apiVersion: 'latest',
  name,
  image: 'paperspace/deployment-fastapi:latest',
  resources: { replicas, machineType: 'A4000', ports: [8000] },
});

/** Waits until a machine's transition is over (the sandbox's transitions run on the next tick in tests). */
async function settle(api: Api, id: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const m = await api.get(`/machines/${id}`);
    if (m.state === 'ready' || m.state === 'off') return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const s3 = { accessKey: 'AKIAEXAMPLE', bucket: 'gate-bucket', secretAccessKey: 'gate-secret-key' };

export const GATED_FIXTURES: Record<string, (api: Api) => Promise<GatedFixture>> = {
  async container_registries_update(api) {
    const id = (await registry(api)).id as string;
    return {
      args: { id, password: 'new-password' },
      change: () => api.put(`/container-registries/${id}`, { name: 'renamed-registry' }),
    };
  },
  async container_registries_delete(api) {
    const id = (await registry(api)).id as string;
    return {
      args: { id },
      change: () => api.put(`/container-registries/${id}`, { name: 'renamed-registry' }),
    };
  },
  async custom_templates_delete(api) {
    const machineId = await api.machine();
    const created = await api.post('/custom-templates', { name: 'gate-template', machineId });
    const id = (created.data as Body).id as string;
    return { args: { id }, change: () => api.put(`/custom-templates/${id}`, { name: 'renamed-template' }) };
  },
  async machines_create(api) {
    const startupScriptId = (await script(api)).id as string;
    return {
      args: { ...MACHINE, name: 'gate-created', startupScriptId },
      change: () => api.put(`/startup-scripts/${startupScriptId}`, { name: 'renamed-script' }),
    };
  },
  async machines_delete(api) {
    const id = await api.machine();
    return { args: { id }, change: () => api.patch(`/machines/${id}/stop`) };
  },
  async machines_stop(api) {
    const id = await api.machine();
    return { args: { id }, change: () => api.patch(`/machines/${id}/stop`) };
  },
  async machines_restart(api) {
    const id = await api.machine();
    return { args: { id }, change: () => api.patch(`/machines/${id}/stop`) };
  },
  async machines_update(api) {
    const id = await api.machine();
    return { args: { id, machineType: 'A6000' }, change: () => api.patch(`/machines/${id}/stop`) };
  },
  async machines_accessors_add(api) {
    const id = await api.machine();
    return { args: { id, userId: 'u3xk9mbq2' }, change: () => api.patch(`/machines/${id}/stop`) };
  },
  async machines_accessors_remove(api) {
    const id = await api.machine();
    const userId = 'u3xk9mbq2';
    await api.post(`/machines/${id}/accessors`, { userId });
    return { args: { id, userId }, change: () => api.del(`/machines/${id}/accessors/${userId}`) };
  },
  async snapshots_delete(api) {
    const id = await snapshot(api);
    return { args: { id }, change: () => api.put(`/snapshots/${id}`, { name: 'renamed-snapshot' }) };
  },
  async snapshots_restore(api) {
    const id = await snapshot(api);
    return { args: { id }, change: () => api.put(`/snapshots/${id}`, { name: 'renamed-snapshot' }) };
  },
  async startup_scripts_update(api) {
    const id = (await script(api)).id as string;
    return {
      args: { id, script: 'echo changed' },
      change: () => api.put(`/startup-scripts/${id}`, { name: 'renamed-script' }),
    };
  },
  async startup_scripts_delete(api) {
    const id = (await script(api)).id as string;
    return { args: { id }, change: () => api.put(`/startup-scripts/${id}`, { name: 'renamed-script' }) };
  },
  async startup_scripts_assign(api) {
    const id = (await script(api)).id as string;
    const machineId = await api.machine();
    return { args: { id, machineId }, change: () => api.patch(`/machines/${machineId}/stop`) };
  },
  async startup_scripts_unassign(api) {
    const id = (await script(api)).id as string;
    const machineId = await api.machine();
    await api.post(`/startup-scripts/${id}/assign`, { machineId });
    return {
      args: { id, machineId },
      change: () => api.put(`/startup-scripts/${id}`, { name: 'renamed-script' }),
    };
  },
  async public_ips_assign(api) {
    const ip = (await api.post('/public-ips', { region: 'ny2' })).ip as string;
    const first = await api.machine('ip-holder');
    const second = await api.machine('ip-taker');
    await api.put(`/public-ips/${ip}`, { machineId: first });
    const third = await api.machine('ip-grabber');
    return {
      args: { ip, machineId: second },
      change: () => api.put(`/public-ips/${ip}`, { machineId: third }),
    };
  },
  async public_ips_release(api) {
    const ip = (await api.post('/public-ips', { region: 'ny2' })).ip as string;
    const machineId = await api.machine('ip-holder');
    return { args: { ip }, change: () => api.put(`/public-ips/${ip}`, { machineId }) };
  },
  async private_networks_create(api) {
    await api.machine('to-migrate');
    return { args: { name: `gate-net-${unique().toLowerCase()}`, region: 'ny2', migrateMachines: true } };
  },
  async private_networks_delete(api) {
    const id = await api.network();
    return { args: { id }, change: () => api.put(`/private-networks/${id}`, { name: 'renamed-net' }) };
  },
  async shared_drives_delete(api) {
    const networkId = await api.network();
    const drive = await api.post('/shared-drives', {
      name: 'gate-drive',
      size: 100,
      region: 'ny2',
      networkId,
    });
    const id = drive.id as string;
    return { args: { id }, change: () => api.put(`/shared-drives/${id}`, { name: 'renamed-drive' }) };
  },
  async projects_delete(api) {
    const id = await api.project();
    return { args: { id }, change: () => api.put(`/projects/${id}`, { name: 'renamed-project' }) };
  },
  async projects_collaborators_create(api) {
    const id = await api.project();
    return {
      args: { id, userId: 'u3xk9mbq2' },
      change: () => api.put(`/projects/${id}`, { name: 'renamed-project' }),
    };
  },
  async projects_collaborators_delete(api) {
    const id = await api.project();
    const userId = 'u3xk9mbq2';
    await api.post(`/projects/${id}/collaborators`, { userId });
    return { args: { id, userId }, change: () => api.del(`/projects/${id}/collaborators/${userId}`) };
  },
  async projects_models_remove(api) {
    const id = await api.project();
    const modelId = (await api.post('/models', { name: 'gate-model', isPublic: false })).id as string;
    await api.post(`/projects/${id}/models/${modelId}`);
    return { args: { id, modelId }, change: () => api.del(`/projects/${id}/models/${modelId}`) };
  },
  async projects_secrets_update(api) {
    const id = await api.project();
    await api.post(`/projects/${id}/secrets`, { name: 'DB_PASSWORD', value: 'old-value' });
    return {
      args: { id, name: 'DB_PASSWORD', value: 'new-value' },
      change: () => api.patch(`/projects/${id}/secrets/DB_PASSWORD`, { value: 'other-value' }),
    };
  },
  async projects_secrets_delete(api) {
    const id = await api.project();
    await api.post(`/projects/${id}/secrets`, { name: 'DB_PASSWORD', value: 'old-value' });
    return {
      args: { id, name: 'DB_PASSWORD' },
      change: () => api.patch(`/projects/${id}/secrets/DB_PASSWORD`, { value: 'other-value' }),
    };
  },
  async projects_tags_remove(api) {
    const id = await api.project();
    await api.post(`/projects/${id}/tags`, { name: 'vision' });
    return {
      args: { id, name: 'vision' },
      change: () => api.put(`/projects/${id}`, { name: 'renamed-project' }),
    };
  },
  async deployments_upsert(api) {
    const projectId = await api.project();
    const deploymentId = await api.deployment(projectId);
    return {
      args: { deploymentId, projectId, config: deploymentSpec('gate-deploy', 3) },
      change: () =>
        api.post('/deployments', { deploymentId, projectId, config: deploymentSpec('gate-deploy', 2) }),
    };
  },
  async deployments_delete(api) {
    const projectId = await api.project();
    const id = await api.deployment(projectId);
    return {
      args: { id },
      change: () =>
        api.post('/deployments', { deploymentId: id, projectId, config: deploymentSpec('gate-deploy', 2) }),
    };
  },
  async datasets_delete(api) {
    const id = await api.dataset();
    await api.post(`/datasets/${id}/versions`, { message: 'first' });
    return { args: { id }, change: () => api.put(`/datasets/${id}`, { name: 'renamed-dataset' }) };
  },
  async datasets_versions_delete(api) {
    const datasetId = await api.dataset();
    const version = (await api.post(`/datasets/${datasetId}/versions`, { message: 'first' }))
      .version as string;
    return {
      args: { datasetId, version },
      change: () => api.put(`/datasets/${datasetId}/versions/${version}`, { message: 'edited' }),
    };
  },
  async datasets_versions_update(api) {
    const datasetId = await api.dataset();
    const version = (await api.post(`/datasets/${datasetId}/versions`, { message: 'first' }))
      .version as string;
    return {
      args: { datasetId, version, isCommitted: true },
      change: () => api.put(`/datasets/${datasetId}/versions/${version}`, { message: 'edited' }),
    };
  },
  async models_delete(api) {
    const id = (await api.post('/models', { name: 'gate-model', isPublic: false })).id as string;
    const projectId = await api.project();
    return { args: { id }, change: () => api.post(`/projects/${projectId}/models/${id}`) };
  },
  async storage_providers_update(api) {
    const id = (await provider(api)).id as string;
    return {
      args: { id, name: 'gate-s3', isTeamDefault: false, s3Config: { ...s3, secretAccessKey: 'rotated' } },
      change: () =>
        api.put(`/storage-providers/${id}`, { name: 'renamed-s3', isTeamDefault: false, s3Config: s3 }),
    };
  },
  async storage_providers_delete(api) {
    const id = (await provider(api)).id as string;
    return {
      args: { id },
      change: () =>
        api.put(`/storage-providers/${id}`, { name: 'renamed-s3', isTeamDefault: false, s3Config: s3 }),
    };
  },
  async teams_members_update(api) {
    const { teamId, userId } = await teamMember(api);
    return {
      args: { teamId, userId, isAdmin: true },
      change: () => api.del(`/teams/${teamId}/users/${userId}`),
    };
  },
  async teams_members_remove(api) {
    const { teamId, userId } = await teamMember(api);
    return {
      args: { teamId, userId },
      change: () => api.put(`/teams/${teamId}/users/${userId}`, { isAdmin: true }),
    };
  },
  async teams_secrets_update(api) {
    const id = ((await api.get('/auth/session')).team as Body).id as string;
    const name = await newTeamSecret(api, id);
    return {
      args: { id, name, value: 'new-value' },
      change: () => api.patch(`/teams/${id}/secrets/${name}`, { value: 'other-value' }),
    };
  },
  async teams_secrets_delete(api) {
    const id = ((await api.get('/auth/session')).team as Body).id as string;
    const name = await newTeamSecret(api, id);
    return {
      args: { id, name },
      change: () => api.patch(`/teams/${id}/secrets/${name}`, { value: 'other-value' }),
    };
  },
};

/** Nobody joins a team through the API (invitations are accepted by email): add one directly. */
async function teamMember(api: Api): Promise<{ teamId: string; userId: string }> {
  const teamId = ((await api.get('/auth/session')).team as Body).id as string;
  const userId = `u${unique().toLowerCase()}`;
  const user = { id: userId, email: `${userId}@example.com`, firstName: 'Gate', lastName: 'Member' };
  api.store?.table('teamMembers').set(userId, {
    dtConfirmed: '2024-05-01T08:00:00.000Z',
    isAdmin: false,
    isOwner: false,
    user: { ...user, lastActive: null, publicProfileImageUrl: null },
  });
  return { teamId, userId };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();

async function newTeamSecret(api: Api, teamId: string): Promise<string> {
  const name = `GATE_${unique()}`;
  await api.post(`/teams/${teamId}/secrets`, { name, value: 'old-value' });
  return name;
}

const registry = (api: Api) =>
  api.post('/container-registries', {
    name: 'gate-registry',
    namespace: 'gate',
    url: 'https://registry.example.com',
    username: 'gate',
    password: 'old-password',
  });

async function snapshot(api: Api): Promise<string> {
  const machineId = await api.machine();
  const created = await api.post('/snapshots', { name: 'gate-snapshot', machineId });
  return (created.data as Body).id as string;
}

const script = (api: Api) =>
  api.post('/startup-scripts', { name: 'gate-script', script: 'echo hello', isRunOnce: false });

const provider = (api: Api) =>
  api.post('/storage-providers', { name: 'gate-s3', storageProviderType: 's3', s3Config: s3 });
