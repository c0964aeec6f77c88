import * as z from 'zod';
import { bool, capitalized } from './define.js';

/**
 * Input fields that recur across rows, each described once, in the API's own types. A row adds
 * `.optional()` or a bound where its operation has one; the description carries over.
 */

/** A reference to another resource by id (not a path parameter: see `id` for those). */
export const ref = (what: string) => z.string().describe(`${capitalized(what)} id`);

export const machineId = ref('machine');
export const networkId = ref('private network');
export const projectId = ref('project');
export const storageProviderId = ref('storage provider');
export const userId = ref('user');

/** A resource's name, as set or as filtered on. */
export const nameOf = (what: string) => z.string().describe(`${capitalized(what)} name`);

export const region = z.string().describe('e.g. ny2');
/** A local path: only inside the files root (--files-root), relative to it; see docs/SECURITY.md. */
export const localPath = z.string().describe('Relative to the files root');
/** A resource's free-text description. */
export const description = z.string().nullable().describe('Free text');
export const isPublic = bool().describe('Visible to everyone');
export const tags = z.string().describe('Comma-separated');
export const metadata = z.record(z.string(), z.unknown()).describe('JSON object');

/** A team or project secret: its name (the API's pattern) and its write-only value. */
export const secretName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
  .describe('Secret name, e.g. DB_PASSWORD');
export const secretValue = z.string().min(1).max(8192).describe('Secret value (write-only)');
