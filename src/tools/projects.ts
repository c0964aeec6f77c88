import type { Operation } from './define.js';

export const projectsOperations = [] as const satisfies readonly Operation[];
