import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam } from '../../src/sandbox/seed/seed-demo.js';
import { apiRequest, type Harness, startHarness, textOf } from '../helpers/harness.js';

const TEAM = 'te7hq4kzp';
const OWNER = 'u3xk9mbq2';

type Member = {
  isAdmin: boolean;
  isOwner: boolean;
  dtConfirmed: string | null;
  user: { id: string; email: string };
};

describe('team tools against the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era: 'modern', args: ['--toolsets', 'all', '--confirm', 'off'] });
    // The team's seed: the signed-in owner plus three members (an admin, a member, an unconfirmed invitee).
    seedTeam(h.sandbox.store);
  });
  afterAll(() => h.close());

  const members = async (args: Record<string, unknown> = {}) => {
    const result = await h.call('teams_members_list', { teamId: TEAM, limit: 120, ...args });
    expect(result.isError).toBeFalsy();
    return result.structuredContent?.items as Member[];
  };

  describe('members', () => {
    it('teams_members_list sends GET /teams/{teamId}/users and lists the owner and members', async () => {
      h.clearLog();
      const result = await h.call('teams_members_list', { teamId: TEAM });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([apiRequest('GET', `/teams/${TEAM}/users`)]);
      const items = result.structuredContent?.items as Member[];
      expect(items).toHaveLength(4);
      expect(items).toContainEqual(
        expect.objectContaining({
          isOwner: true,
          isAdmin: true,
          user: expect.objectContaining({ id: OWNER, email: 'ada@example.com' }),
        }),
      );
      expect(result.structuredContent?.hasMore).toBe(false);
    });

    it('filters by role and orders by dtConfirmed', async () => {
      h.clearLog();
      const owners = await members({ role: 'owner' });
      expect(h.requests()).toEqual([
        apiRequest('GET', `/teams/${TEAM}/users`, { limit: '120', role: 'owner' }),
      ]);
      expect(owners.map((m) => m.user.id)).toEqual([OWNER]);
      const admins = await members({ role: 'admin' });
      expect(admins.map((m) => m.user.email)).toEqual(['charles@example.com']);
      const plain = await members({ role: 'member' });
      expect(plain.every((m) => !m.isAdmin && !m.isOwner)).toBe(true);
      const asc = await members({ orderBy: 'dtConfirmed', order: 'asc' });
      expect(asc[0]?.dtConfirmed).toBeNull();
      expect(asc.slice(1).map((m) => m.user.id)).toEqual([OWNER, 'u8fj2kq7w', 'u5mz1rt4c']);
    });

    it('pages with limit and nextPage', async () => {
      const first = await h.call('teams_members_list', { teamId: TEAM, limit: 3 });
      expect(first.structuredContent).toMatchObject({ hasMore: true, nextPage: expect.any(String) });
      const second = await h.call('teams_members_list', {
        teamId: TEAM,
        limit: 3,
        after: first.structuredContent?.nextPage as string,
      });
      expect(second.structuredContent).toMatchObject({ hasMore: false });
      expect(second.structuredContent?.items).toHaveLength(1);
    });

    it('an unknown team is a 404', async () => {
      const result = await h.call('teams_members_list', { teamId: 'tenothere' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('404');
    });

    it('teams_members_update sends PUT /teams/{teamId}/users/{userId} and grants admin', async () => {
      h.clearLog();
      const result = await h.call('teams_members_update', {
        teamId: TEAM,
        userId: 'u5mz1rt4c',
        isAdmin: true,
      });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        apiRequest('PUT', `/teams/${TEAM}/users/u5mz1rt4c`, {}, { isAdmin: true }),
      ]);
      expect(result.structuredContent).toMatchObject({ isAdmin: true, isOwner: false, dtDeleted: null });
      expect((await members({ role: 'admin' })).map((m) => m.user.id)).toContain('u5mz1rt4c');
      await h.call('teams_members_update', { teamId: TEAM, userId: 'u5mz1rt4c', isAdmin: false });
      expect((await members({ role: 'member' })).map((m) => m.user.id)).toContain('u5mz1rt4c');
    });

    it('the owner cannot be demoted (400) and an unknown user is a 404', async () => {
      const demote = await h.call('teams_members_update', { teamId: TEAM, userId: OWNER, isAdmin: false });
      expect(demote.isError).toBe(true);
      expect(textOf(demote)).toContain('400');
      expect((await members({ role: 'owner' }))[0]).toMatchObject({ isAdmin: true });
      const unknown = await h.call('teams_members_update', {
        teamId: TEAM,
        userId: 'unobody00',
        isAdmin: true,
      });
      expect(textOf(unknown)).toContain('404');
    });

    it('teams_members_remove sends DELETE /teams/{teamId}/users/{userId}; the owner cannot be removed', async () => {
      h.clearLog();
      const result = await h.call('teams_members_remove', { teamId: TEAM, userId: 'u2vd8nx6h' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([apiRequest('DELETE', `/teams/${TEAM}/users/u2vd8nx6h`)]);
      expect(result.structuredContent).toMatchObject({
        isAdmin: false,
        isOwner: false,
        dtDeleted: expect.any(String),
      });
      expect((await members()).map((m) => m.user.id)).not.toContain('u2vd8nx6h');
      const owner = await h.call('teams_members_remove', { teamId: TEAM, userId: OWNER });
      expect(owner.isError).toBe(true);
      expect(textOf(owner)).toContain('400');
      expect((await members()).map((m) => m.user.id)).toContain(OWNER);
    });
  });

  describe('secrets', () => {
    const create = async (name: string, value = 's3cr3t-value') => {
      const result = await h.call('teams_secrets_create', { id: TEAM, name, value });
      expect(result.isError).toBeFalsy();
      return result.structuredContent as Record<string, unknown>;
    };

    it('teams_secrets_create sends POST /teams/{id}/secrets and never answers the value', async () => {
      h.clearLog();
      const result = await h.call('teams_secrets_create', {
        id: TEAM,
        name: 'DB_PASSWORD',
        value: 'hunter2-xyz',
      });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        apiRequest('POST', `/teams/${TEAM}/secrets`, {}, { name: 'DB_PASSWORD', value: 'hunter2-xyz' }),
      ]);
      expect(result.structuredContent).toEqual({
        name: 'DB_PASSWORD',
        dtCreated: expect.any(String),
        dtModified: expect.any(String),
      });
      expect(textOf(result)).not.toContain('hunter2-xyz');
    });

    it('a duplicate name is a 409; a bad name is a 400', async () => {
      await create('DUPLICATE_ME');
      const dup = await h.call('teams_secrets_create', { id: TEAM, name: 'DUPLICATE_ME', value: 'other' });
      expect(dup.isError).toBe(true);
      expect(textOf(dup)).toContain('409');
      await expect(
        h.api.request({
          method: 'POST',
          path: `/teams/${TEAM}/secrets`,
          body: { name: '1bad-name', value: 'v' },
        }),
      ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('name') });
    });

    it('teams_secrets_get sends GET /teams/{id}/secrets/{name}', async () => {
      await create('API_TOKEN', 'tok-abc-123');
      h.clearLog();
      const result = await h.call('teams_secrets_get', { id: TEAM, name: 'API_TOKEN' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([apiRequest('GET', `/teams/${TEAM}/secrets/API_TOKEN`)]);
      expect(result.structuredContent).toEqual({
        name: 'API_TOKEN',
        hasDeploymentAttached: false,
        dtCreated: expect.any(String),
        dtModified: expect.any(String),
      });
      expect(textOf(result)).not.toContain('tok-abc-123');
      const missing = await h.call('teams_secrets_get', { id: TEAM, name: 'NOPE' });
      expect(textOf(missing)).toContain('404');
    });

    it('hasDeploymentAttached is true when a deployment refers to the secret', async () => {
      await create('HF_TOKEN_X');
      h.sandbox.store.table('deployments').set('dpltest01', {
        id: 'dpltest01',
        spec: { containers: [{ env: [{ name: 'HF_TOKEN', value: 'secret:HF_TOKEN_X' }] }] },
      });
      const result = await h.call('teams_secrets_get', { id: TEAM, name: 'HF_TOKEN_X' });
      expect(result.structuredContent).toMatchObject({ hasDeploymentAttached: true });
      h.sandbox.store.table('deployments').delete('dpltest01');
    });

    it('teams_secrets_list sends GET /teams/{id}/secrets and pages; values never appear', async () => {
      await create('PAGE_A', 'value-a');
      await create('PAGE_B', 'value-b');
      h.clearLog();
      const result = await h.call('teams_secrets_list', { id: TEAM, limit: 2 });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([apiRequest('GET', `/teams/${TEAM}/secrets`, { limit: '2' })]);
      expect(result.structuredContent).toMatchObject({
        items: [{ name: 'PAGE_B', hasDeploymentAttached: false }, { name: 'PAGE_A' }],
        hasMore: true,
        nextPage: expect.any(String),
      });
      for (const item of (result.structuredContent?.items ?? []) as object[])
        expect(item).not.toHaveProperty('value');
      expect(textOf(result)).not.toContain('value-a');
    });

    it('teams_secrets_update sends PATCH /teams/{id}/secrets/{name}, stores the value, bumps dtModified', async () => {
      const created = await create('ROTATE_ME', 'old-value');
      h.clearLog();
      const result = await h.call('teams_secrets_update', {
        id: TEAM,
        name: 'ROTATE_ME',
        value: 'new-value',
      });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([
        apiRequest('PATCH', `/teams/${TEAM}/secrets/ROTATE_ME`, {}, { value: 'new-value' }),
      ]);
      expect(result.structuredContent).toMatchObject({ name: 'ROTATE_ME', dtCreated: created.dtCreated });
      expect(String(result.structuredContent?.dtModified) > String(created.dtModified)).toBe(true);
      expect(textOf(result)).not.toContain('new-value');
      expect(h.sandbox.store.table('teamSecrets').get('ROTATE_ME')).toMatchObject({ value: 'new-value' });
    });

    it('teams_secrets_delete sends DELETE /teams/{id}/secrets/{name}', async () => {
      await create('DELETE_ME');
      h.clearLog();
      const result = await h.call('teams_secrets_delete', { id: TEAM, name: 'DELETE_ME' });
      expect(result.isError).toBeFalsy();
      expect(h.requests()).toEqual([apiRequest('DELETE', `/teams/${TEAM}/secrets/DELETE_ME`)]);
      expect(result.structuredContent).toEqual({ name: 'DELETE_ME' });
      const gone = await h.call('teams_secrets_get', { id: TEAM, name: 'DELETE_ME' });
      expect(textOf(gone)).toContain('404');
    });

    it('secrets of an unknown team are a 404', async () => {
      const result = await h.call('teams_secrets_list', { id: 'tenothere' });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('404');
    });
  });
});
