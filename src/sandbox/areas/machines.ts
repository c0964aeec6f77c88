import type { SandboxArea } from '../router.js';

export const machines: SandboxArea = { routes: [] };
