import type { Operation } from './define.js';

export const snapshotsOperations = [] as const satisfies readonly Operation[];
