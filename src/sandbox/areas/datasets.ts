import type { SandboxArea } from '../router.js';

export const datasets: SandboxArea = { routes: [] };
