import type { SandboxArea } from '../router.js';

export const containerRegistries: SandboxArea = { routes: [] };
