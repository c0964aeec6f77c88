import { type Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { PaperspaceClient } from '../../src/client/client.js';
import { loadConfig } from '../../src/config/index.js';
import { TenantEventBus } from '../../src/resources/tenant-events.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { createServerFactory } from '../../src/server.js';
import {
  type HttpOptions,
  type HttpServerHandle,
  httpOptionsOf,
  startHttpServer,
} from '../../src/transports/http/http.js';
import type { Era } from './harness.js';
import { testClient } from './test-client.js';

export const AUTH_TOKEN = 'test-auth-token-0123456789';

export interface HttpHarness {
  sandbox: Sandbox;
  http: HttpServerHandle;
  close(): Promise<void>;
}

/** A real HTTP server (in process) on loopback in front of a real sandbox. */
export async function startHttpHarness(
  args: string[] = ['--toolsets', 'all'],
  env: Record<string, string> = {},
  sandbox?: Sandbox,
  sessionIdleMs = 60_000,
  pollIntervalsMs: number[] = [5, 10, 20],
  clock?: () => number,
  overrides: Partial<HttpOptions> = {},
): Promise<HttpHarness> {
  const box = sandbox ?? (await startSandbox({ transitionMs: 0 }));
  const config = loadConfig(['--http', '--port', '0', ...args], {
    PAPERSPACE_API_URL: box.baseUrl,
    PAPERSPACE_API_KEY: 'http_test_key',
    ...env,
  });
  const client = new PaperspaceClient({
    apiKey: config.perRequestKey ? undefined : config.apiKey,
    baseUrl: config.apiUrl,
    retryBaseMs: 5,
  });
  const events = new TenantEventBus();
  const http = await startHttpServer(
    createServerFactory(config, {
      client,
      events,
      pollIntervalsMs,
      // As with --sandbox: the sandbox's own S3 emulator is the one private endpoint callers reach.
      sandboxStorage: box.s3 ? new URL(box.s3.endpoint).host : undefined,
    }),
    {
      ...httpOptionsOf(config, events),
      maxBodyBytes: 64 * 1024,
      sessionIdleMs,
      ...(clock ? { clock } : {}),
      ...overrides,
    },
    () => {},
  );
  return {
    sandbox: box,
    http,
    async close() {
      await http.close(1000);
      await client.close();
      if (!sandbox) await box.close();
    },
  };
}

/** A real SDK client of the given era over Streamable HTTP. */
export async function httpClient(
  url: string,
  options: { era?: Era; headers?: Record<string, string>; elicit?: 'accept' | 'decline' } = {},
): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: options.headers ?? {} },
  });
  const { client } = testClient('http-test', options);
  await client.connect(transport);
  return client;
}
