import { badRequest, conflict, notFound } from '../errors.js';
import { paginate } from '../paging.js';
import { param, route, type SandboxArea, type SandboxRequest } from '../router.js';
import type { Store } from '../store.js';
import { isOneOf, isRecord } from '../values.js';
import { bodyOf, bool, findOr404, str } from './rows.js';

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

const ROLES = ['member', 'admin', 'owner'] as const;

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
  if (role !== undefined && !isOneOf(ROLES, role)) {
    throw badRequest(`role must be one of: ${ROLES.join(', ')}`);
  }
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

// ---- team secrets: keyed by name; values are stored but never answered ------------------------

type StoredSecret = { name: string; value: string; dtCreated: string; dtModified: string };

const SECRET_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const secrets = (store: Store) => store.table<StoredSecret>('teamSecrets');

function checkName(name: string): string {
  if (name.length > 128 || !SECRET_NAME.test(name)) {
    throw badRequest('name must start with a letter and contain only letters, digits and _ (at most 128)');
  }
  return name;
}

/** A deployment uses a secret when its spec refers to it as "secret:NAME". */
const hasDeploymentAttached = (store: Store, name: string) =>
  [...store.table('deployments').values()].some((d) => JSON.stringify(d).includes(`"secret:${name}"`));

const summary = ({ name, dtCreated, dtModified }: StoredSecret) => ({ name, dtCreated, dtModified });
const detail = (store: Store, secret: StoredSecret) => ({
  ...summary(secret),
  hasDeploymentAttached: hasDeploymentAttached(store, secret.name),
});

export function addSecret(store: Store, name: string, value: string): StoredSecret {
  if (secrets(store).has(name)) throw conflict(`A secret named ${name} already exists`);
  const now = store.now();
  const secret = { name, value, dtCreated: now, dtModified: now };
  secrets(store).set(name, secret);
  return secret;
}

function secretOf(req: SandboxRequest, store: Store): StoredSecret {
  checkTeam(store, param(req, 'id'));
  return findOr404(secrets(store), checkName(param(req, 'name')), 'Secret');
}

function createSecret(req: SandboxRequest, store: Store) {
  const body = bodyOf(req.body);
  const name = checkName(str(body, 'name', true, 1));
  const value = str(body, 'value', true, 1);
  checkTeam(store, param(req, 'id'));
  return summary(addSecret(store, name, value));
}

function updateSecret(req: SandboxRequest, store: Store) {
  const value = str(bodyOf(req.body), 'value', true, 1);
  const secret = secretOf(req, store);
  secret.value = value;
  secret.dtModified = store.now();
  return summary(secret);
}

function listSecrets(req: SandboxRequest, store: Store) {
  checkTeam(store, param(req, 'id'));
  const page = paginate(secrets(store).values(), req.query);
  return { ...page, items: page.items.map((s) => detail(store, s)) };
}

export const teams: SandboxArea = {
  routes: [
    route('GET', '/teams/{teamId}/users', list),
    route('PUT', '/teams/{teamId}/users/{userId}', update),
    route('DELETE', '/teams/{teamId}/users/{userId}', remove),
    route('GET', '/teams/{id}/secrets', listSecrets),
    route('POST', '/teams/{id}/secrets', createSecret),
    route('GET', '/teams/{id}/secrets/{name}', (req, store) => detail(store, secretOf(req, store))),
    route('PATCH', '/teams/{id}/secrets/{name}', updateSecret),
    route('DELETE', '/teams/{id}/secrets/{name}', (req, store) => {
      const secret = secretOf(req, store);
      secrets(store).delete(secret.name);
      return { name: secret.name };
    }),
  ],
};
