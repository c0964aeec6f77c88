import type { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/client/stdio';
import { testClient } from './test-client.js';

export const DIST_ENTRY = new URL('../../dist/index.js', import.meta.url).pathname;

export interface Spawned {
  client: Client;
  /** Elicitation questions the server asked (with `elicit`). */
  elicitations: string[];
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** Spawns the built server over stdio, as a host would, with a real SDK client. */
export async function spawnServer(
  args: string[],
  env: Record<string, string>,
  era: 'legacy' | 'modern' = 'legacy',
  elicit?: 'accept' | 'decline',
): Promise<Spawned> {
  const params: StdioServerParameters = {
    command: process.execPath,
    args: [DIST_ENTRY, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  };
  const transport = new StdioClientTransport(params);
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const { client, elicitations } = testClient('smoke', { era, ...(elicit ? { elicit } : {}) });
  await client.connect(transport);
  return { client, elicitations, stderr: () => stderr, close: () => client.close() };
}
