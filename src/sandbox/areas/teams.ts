import { badRequest, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import { isRecord } from '../values.js';
import { bodyOf, bool, findOr404 } from './rows.js';
import { type StoredSecret, secretsOf } from './secrets.js';

type TeamUser = {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  lastActive: string | null;
  publicProfileImageUrl: string | null;
};

/** A membership of the one team, keyed by user id. */
type Membership = {
  dtConfirmed: string | null;
  isAdmin: boolean;
  isOwner: boolean;
  user: TeamUser;
};

/** The team's memberships; the signed-in user is always there as the owner. */
export function members(store: Store): Map<string, Membership> {
  const table = store.table<Membership>('teamMembers');
  if (!table.has(store.user.id)) {
    const { id, email, firstName, lastName } = store.user;
    const user = { id, email, firstName, lastName, lastActive: store.now(), publicProfileImageUrl: null };
    addMember(store, user, { dtConfirmed: '2024-03-02T10:15:22.000Z', isAdmin: true, isOwner: true });
  }
  return table;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A user the sandbox knows by id: the signed-in one, a stored user, or a member's user. */
export function findUser(store: Store, userId: string) {
  const known: unknown[] = [store.user, store.table('users').get(userId)];
  for (const member of store.table('teamMembers').values()) known.push(member.user);
  for (const user of known) {
    if (!isRecord(user) || user.id !== userId || typeof user.email !== 'string') continue;
    return {
      email: user.email,
      firstName: text(user.firstName),
      id: userId,
      lastName: text(user.lastName),
      publicProfileImageUrl: text(user.publicProfileImageUrl),
    };
  }
  return undefined;
}

export function addMember(store: Store, user: TeamUser, role: Omit<Membership, 'user'>): Membership {
  const membership: Membership = { ...role, user };
  store.table<Membership>('teamMembers').set(user.id, membership);
  store.table<TeamUser>('users').set(user.id, user);
  return membership;
}

/** Only the signed-in user's team exists. */
function checkTeam(store: Store, teamId: string): void {
  if (teamId !== store.team.id) throw notFound('Team', teamId);
}

const roleOf = (m: Membership) => (m.isOwner ? 'owner' : m.isAdmin ? 'admin' : 'member');

function list(req: SandboxRequest, store: Store) {
  checkTeam(store, param(req, 'teamId'));
  const role = req.query.role;
  const all = [...members(store).values()].filter((m) => role === undefined || roleOf(m) === role);
  return paginate(all, req.query, ['dtConfirmed']);
}

function membershipOf(req: SandboxRequest, store: Store): Membership {
  checkTeam(store, param(req, 'teamId'));
  return findOr404(members(store), param(req, 'userId'), 'Team member');
}

const answer = ({ dtConfirmed, isAdmin, isOwner }: Membership, dtDeleted: string | null = null) => ({
  dtConfirmed,
  dtDeleted,
  isAdmin,
  isOwner,
});

function update(req: SandboxRequest, store: Store) {
  const isAdmin = bool(bodyOf(req.body), 'isAdmin', true);
  const membership = membershipOf(req, store);
  if (membership.isOwner && !isAdmin) throw badRequest('The team owner cannot lose admin access');
  membership.isAdmin = isAdmin;
  return answer(membership);
}

function remove(req: SandboxRequest, store: Store) {
  const membership = membershipOf(req, store);
  if (membership.isOwner) throw badRequest('The team owner cannot be removed from the team');
  members(store).delete(membership.user.id);
  store.table('users').delete(membership.user.id);
  return answer(membership, store.now());
}

/** Team secrets are keyed by name; a deployment uses one when its spec says "secret:NAME". */
const teamSecrets = secretsOf<StoredSecret>({
  path: '/teams/{id}/secrets',
  table: 'teamSecrets',
  checkOwner: checkTeam,
  key: (_team, name) => name,
  row: (_team, common) => common,
  owns: () => true,
  attached: (store, secret) =>
    [...store.table('deployments').values()].some((d) =>
      JSON.stringify(d).includes(`"secret:${secret.name}"`),
    ),
});

export const addSecret = (store: Store, name: string, value: string): StoredSecret =>
  teamSecrets.add(store, store.team.id, name, value);

export const teams: SandboxArea = {
  routes: [
    route('GET', '/teams/{teamId}/users', list),
    route('PUT', '/teams/{teamId}/users/{userId}', update),
    route('DELETE', '/teams/{teamId}/users/{userId}', remove),
    ...teamSecrets.routes,
  ],
};
