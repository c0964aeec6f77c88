import type { SandboxArea } from '../router.js';

export const sharedDrives: SandboxArea = { routes: [] };
