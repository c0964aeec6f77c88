import { createClient } from '@redis/client';

/**
 * A connection to the Redis of PAPERSPACE_MCP_REDIS_URL, made before the server starts serving so a
 * wrong URL fails at start-up. Commands are not queued while disconnected (a store that cannot
 * answer fails the call at once); the first connection fails at once, a lost one is retried with
 * backoff. Only callers that use Redis import this module (it loads the client).
 */
export async function connectRedis(url: string) {
  let connected = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(100 * 2 ** retries, 5_000) : cause,
    },
  });
  let lastError = '';
  // Without a listener an 'error' event would end the process; the reconnect strategy handles it.
  client.on('error', (error: Error) => {
    lastError = error.message;
  });
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    await client.destroy();
    // The URL may carry a password: name the failure, never the URL.
    throw new Error(
      `cannot connect to the Redis of PAPERSPACE_MCP_REDIS_URL: ${error instanceof Error && error.message ? error.message : lastError}`,
    );
  }
  return client;
}
