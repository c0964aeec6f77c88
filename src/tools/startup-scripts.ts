import type { Operation } from './define.js';

export const startupScriptsOperations = [] as const satisfies readonly Operation[];
