import { route, type SandboxArea } from '../router.js';
import { SESSION } from '../seed/demo-account.js';

/** GET /auth/session: the signed-in user and team (the API answers null when nobody is signed in). */
export const auth: SandboxArea = {
  routes: [
    route('GET', '/auth/session', () => {
      const { name, ...team } = SESSION.team;
      const teamMemberships = [{ isAdmin: true, isOwner: true, team: { id: team.id, name } }];
      return { team, user: { ...SESSION.user, teamMemberships } };
    }),
  ],
};
