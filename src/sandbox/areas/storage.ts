import type { SandboxArea } from '../router.js';

export const storage: SandboxArea = { routes: [] };
