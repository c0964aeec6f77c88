import type { SandboxArea } from '../router.js';

export const deployments: SandboxArea = { routes: [] };
