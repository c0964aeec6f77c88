import type { SandboxArea } from '../router.js';

export const startupScripts: SandboxArea = { routes: [] };
