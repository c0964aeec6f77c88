import type { SandboxArea } from '../router.js';

export const models: SandboxArea = { routes: [] };
