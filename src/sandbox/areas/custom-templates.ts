import type { SandboxArea } from '../router.js';

export const customTemplates: SandboxArea = { routes: [] };
