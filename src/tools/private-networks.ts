import type { Operation } from './define.js';

export const privateNetworksOperations = [] as const satisfies readonly Operation[];
