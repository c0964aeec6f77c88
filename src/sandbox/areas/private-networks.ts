import type { SandboxArea } from '../router.js';

export const privateNetworks: SandboxArea = { routes: [] };
