import type { PaperspaceClient } from '../client/client.js';
import type { StorageLimits } from '../files/s3-handler.js';

/** What the resources of one server instance read with. */
export interface ResourceDeps {
  client: PaperspaceClient;
  /** The caller's key for this server instance (multi-tenant HTTP), else the client's own. */
  apiKey?: string | undefined;
  /** Deadlines and the endpoint rule of storage requests (file resources). */
  storage: StorageLimits;
  /**
   * A message that suggests tools, made true for this server: each one it does not offer is
   * followed by how to load it (the tools layer's mentionTools over the tools this server offers).
   */
  mentionTools: (text: string) => string;
}
