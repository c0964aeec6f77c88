import type { Operation } from './define.js';

export const datasetsOperations = [] as const satisfies readonly Operation[];
