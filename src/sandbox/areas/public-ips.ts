import type { SandboxArea } from '../router.js';

export const publicIps: SandboxArea = { routes: [] };
