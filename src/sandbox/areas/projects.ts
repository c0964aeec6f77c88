import type { SandboxArea } from '../router.js';

export const projects: SandboxArea = { routes: [] };
