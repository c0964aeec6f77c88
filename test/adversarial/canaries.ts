import type { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { expect } from 'vitest';
import { PaperspaceClient } from '../../src/client/client.js';
import { loadConfig } from '../../src/config/index.js';
import { createServerFactory } from '../../src/server.js';
import { testClient } from '../helpers/test-client.js';

/** Values that must never come back: each is distinct so a leak names its source. */
export const CANARY = {
  apiKey: 'canary-api-key-7f3a9c1e5b0d',
  tenantKey: 'canary-tenant-key-3e8d5a0c77',
  authToken: 'canary-auth-token-9b2c7e11f0',
  signingSecret: 'canary-signing-secret-44d1e0a8',
  secretValue: 'canary-secret-value-61fa0b2d',
  s3Secret: 'canary-s3-secret-key-0c9e77aa',
  registryPassword: 'canary-registry-pass-5d1b',
} as const;

export const ALL_CANARIES: readonly string[] = Object.values(CANARY);

/** Fails naming the canary and where it showed up. */
export function expectNoCanary(where: string, text: string): void {
  for (const canary of ALL_CANARIES) {
    expect(text.includes(canary), `${where} leaks ${canary}: ${text.slice(0, 2000)}`).toBe(false);
  }
}

/**
 * Mutating calls that carry a secret argument, each reaching the upstream, with the canary the
 * argument holds. Together they cover secret objects, nested secret keys and plain passwords.
 */
export const SECRET_CALLS: ReadonlyArray<{ name: string; args: Record<string, unknown>; canary: string }> = [
  {
    name: 'projects_secrets_create',
    args: { id: 'prhostile1', name: 'DB_URL', value: CANARY.secretValue },
    canary: CANARY.secretValue,
  },
  {
    name: 'storage_providers_create',
    args: {
      name: 'hostile',
      storageProviderType: 's3',
      s3Config: {
        accessKey: 'AKIAHOSTILE',
        bucket: 'b',
        secretAccessKey: CANARY.s3Secret,
        endpoint: 'https://s3.example.com',
        region: 'us-east-1',
      },
    },
    canary: CANARY.s3Secret,
  },
  {
    name: 'container_registries_create',
    args: {
      name: 'hostile',
      url: 'https://registry.example.com',
      username: 'me',
      password: CANARY.registryPassword,
      namespace: 'ns',
      kind: 'other',
    },
    canary: CANARY.registryPassword,
  },
];

export interface InMemoryServer {
  client: Client;
  elicitations: string[];
  close(): Promise<void>;
}

/** The real server factory behind a real SDK client (in memory), pointed at `baseUrl`. */
export async function inMemoryServer(
  baseUrl: string,
  args: string[],
  options: {
    elicit?: 'accept';
    timeoutMs?: number;
    maxResponseBytes?: number;
    /** Waits between polls of the wait tools (default: the server's own). */
    pollIntervalsMs?: number[];
  } = {},
): Promise<InMemoryServer> {
  const config = loadConfig(args, {
    PAPERSPACE_API_KEY: CANARY.apiKey,
    PAPERSPACE_API_URL: baseUrl,
    PAPERSPACE_MCP_SECRET: CANARY.signingSecret,
  });
  const api = new PaperspaceClient({
    apiKey: config.apiKey,
    baseUrl: config.apiUrl,
    timeoutMs: options.timeoutMs ?? 2_000,
    maxRetries: 1,
    retryBaseMs: 5,
    ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const handle = serveStdio(
    createServerFactory(config, {
      client: api,
      ...(options.pollIntervalsMs ? { pollIntervalsMs: options.pollIntervalsMs } : {}),
    }),
    { transport: serverSide },
  );
  const { client, elicitations } = testClient('adversary', options.elicit ? { elicit: options.elicit } : {});
  await client.connect(clientSide);
  return {
    client,
    elicitations,
    async close() {
      await client.close();
      await handle.close();
      await api.close();
    },
  };
}
