import { batchOperations } from './batch.js';
import { costsOperations } from './costs.js';
import { waitOperations } from './wait.js';

/** The `workflows` toolset: rows whose handlers compose client calls (not one API route each). */
export const workflowsOperations = [...waitOperations, ...costsOperations, ...batchOperations] as const;
