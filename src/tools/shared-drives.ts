import type { Operation } from './define.js';

export const sharedDrivesOperations = [] as const satisfies readonly Operation[];
