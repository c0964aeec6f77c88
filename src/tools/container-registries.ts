import type { Operation } from './define.js';

export const containerRegistriesOperations = [] as const satisfies readonly Operation[];
