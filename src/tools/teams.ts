import type { Operation } from './define.js';

export const teamsOperations = [] as const satisfies readonly Operation[];
