import * as z from 'zod';
import { teamsMembersRemoveRule, teamsMembersUpdateRule } from '../confirm/rules.js';
import { bool, dtDeleted, entity, id, input, type Operation, pageFields, pageOf } from './define.js';
import { secret, secretCreated } from './entities.js';
import { secretName, secretValue, userId } from './fields.js';

const teamId = z.string().min(1).describe('Team id (auth_session_get)');

const member = entity({
  dtConfirmed: z.string().nullish(),
  isAdmin: z.boolean(),
  isOwner: z.boolean(),
  user: z.looseObject({}),
});
const memberUpdate = entity({
  dtConfirmed: z.string().nullish(),
  dtDeleted,
  isAdmin: z.boolean(),
  isOwner: z.boolean(),
});

export const teamsOperations = [
  {
    name: 'teams_members_list',
    toolset: 'teams',
    title: 'List team members',
    description: 'Lists the members of a team and their roles.',
    kind: 'read',
    route: 'GET /teams/{teamId}/users',
    input: input({
      teamId,
      ...pageFields(['dtConfirmed']),
      role: z.enum(['member', 'admin', 'owner']).optional().describe('Only this role'),
    }),
    output: pageOf(member),
  },
  {
    name: 'teams_members_update',
    toolset: 'teams',
    title: 'Update team membership',
    description: 'Grants or revokes admin rights of a team member.',
    kind: 'update',
    route: 'PUT /teams/{teamId}/users/{userId}',
    input: input({ teamId, userId: userId.min(1), isAdmin: bool().describe('Admin rights') }),
    output: memberUpdate,
    gated: true,
    confirm: teamsMembersUpdateRule,
  },
  {
    name: 'teams_members_remove',
    toolset: 'teams',
    title: 'Remove team member',
    description: 'Removes a user from a team.',
    kind: 'delete',
    route: 'DELETE /teams/{teamId}/users/{userId}',
    input: input({ teamId, userId: userId.min(1) }),
    output: memberUpdate,
    gated: true,
    confirm: teamsMembersRemoveRule,
  },
  {
    name: 'teams_secrets_list',
    toolset: 'teams',
    title: "List team's secrets",
    description: "Lists a team's secret names (never values).",
    kind: 'read',
    route: 'GET /teams/{id}/secrets',
    secretObjects: true,
    input: input({ id: id('team'), ...pageFields(['dtCreated']) }),
    output: pageOf(secret),
  },
  {
    name: 'teams_secrets_create',
    toolset: 'teams',
    title: 'Create team secret',
    description: "Stores a secret for all the team's deployments; it cannot be read back.",
    kind: 'create',
    confirm: { never: 'Adds a new secret; replacing a value (teams_secrets_update) is gated.' },
    route: 'POST /teams/{id}/secrets',
    secretObjects: true,
    input: input({
      id: id('team'),
      name: secretName,
      value: secretValue,
    }),
    output: secretCreated,
  },
  {
    name: 'teams_secrets_get',
    toolset: 'teams',
    title: 'Get team secret',
    description: 'Returns a team secret (never its value).',
    kind: 'read',
    route: 'GET /teams/{id}/secrets/{name}',
    secretObjects: true,
    input: input({
      id: id('team'),
      name: secretName,
    }),
    output: secret,
  },
  {
    name: 'teams_secrets_update',
    toolset: 'teams',
    title: 'Overwrite team secret',
    description: 'Replaces the value of a team secret; the old one is lost.',
    kind: 'update',
    route: 'PATCH /teams/{id}/secrets/{name}',
    secretObjects: true,
    input: input({
      id: id('team'),
      name: secretName,
      value: secretValue,
    }),
    output: secretCreated,
    gated: true,
    confirm: {
      why: 'Replaces a secret value that cannot be read back.',
      undo: 'The old value cannot be read back.',
    },
  },
  {
    name: 'teams_secrets_delete',
    toolset: 'teams',
    title: 'Delete team secret',
    description: 'Deletes a secret of a team.',
    kind: 'delete',
    route: 'DELETE /teams/{id}/secrets/{name}',
    secretObjects: true,
    input: input({
      id: id('team'),
      name: secretName,
    }),
    output: entity({ name: z.string() }),
    gated: true,
    confirm: {
      why: 'Deletes a secret value that cannot be read back.',
      undo: 'Cannot be undone: the value cannot be read back.',
    },
  },
] as const satisfies readonly Operation[];
