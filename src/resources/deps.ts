import type { PaperspaceClient } from '../client/client.js';
import type { StorageLimits } from '../files/s3-handler.js';

/** What the resources of one server instance read with. */
export interface ResourceDeps {
  client: PaperspaceClient;
  /** The caller's key for this server instance (multi-tenant HTTP), else the client's own. */
  apiKey?: string | undefined;
  /** Deadlines and the endpoint rule of storage requests (file resources). */
  storage: StorageLimits;
  /** The tools this server offers: an error that suggests a tool says how to load one it does not. */
  tools: ReadonlySet<string>;
}
