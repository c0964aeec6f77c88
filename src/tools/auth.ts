import * as z from 'zod';
import { entity, input, type Operation } from './define.js';

/** The session; with no signed-in user the API answers null, which arrives as `{ data: null }`. */
const session = entity({
  team: entity({ id: z.string(), namespace: z.string() }).nullish(),
  user: entity({ id: z.string(), email: z.string() }).nullish(),
});

export const authOperations = [
  {
    name: 'auth_session_get',
    toolset: 'auth',
    title: 'Get current session',
    description: 'Returns the user and team of the API key.',
    kind: 'read',
    route: 'GET /auth/session',
    input: input({}),
    output: session,
  },
] as const satisfies readonly Operation[];
