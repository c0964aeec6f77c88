import type { SandboxArea } from '../router.js';

export const teams: SandboxArea = { routes: [] };
