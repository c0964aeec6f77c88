import type { Operation } from './define.js';

export const storageOperations = [] as const satisfies readonly Operation[];
