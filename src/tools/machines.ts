import type { Operation } from './define.js';

export const machinesOperations = [] as const satisfies readonly Operation[];
