import type { Operation } from './define.js';

export const customTemplatesOperations = [] as const satisfies readonly Operation[];
