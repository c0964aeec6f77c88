import type { Operation } from './define.js';

export const publicIpsOperations = [] as const satisfies readonly Operation[];
