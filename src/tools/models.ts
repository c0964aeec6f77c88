import type { Operation } from './define.js';

export const modelsOperations = [] as const satisfies readonly Operation[];
