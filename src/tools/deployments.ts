import type { Operation } from './define.js';

export const deploymentsOperations = [] as const satisfies readonly Operation[];
