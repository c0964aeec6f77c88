import type { SandboxArea } from '../router.js';

export const snapshots: SandboxArea = { routes: [] };
