import type { McpRequestContext, McpServer } from '@modelcontextprotocol/server';
import { PaperspaceClient } from '../../src/client/client.js';
import { loadConfig } from '../../src/config/index.js';
import { log } from '../../src/log.js';
import { TenantEventBus } from '../../src/resources/tenant-events.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { createServerFactory } from '../../src/server.js';
import { MemoryTaskStore } from '../../src/tasks/store.js';
import { Tasks } from '../../src/tasks/tasks.js';
import { httpOptionsOf, startHttpServer } from '../../src/transports/http/http.js';
import { addFixtureContent } from './fixture-content.js';
import { taskFixtures } from './fixture-tasks.js';
import { addFixtureTools } from './fixture-tools.js';

/**
 * The server the conformance suite tests: the real `--sandbox --http --toolsets all` server (its
 * factory, its HTTP transport, both protocol eras) on 127.0.0.1:port, with the fixtures the suite's
 * server scenarios name added to each instance beside the real tools, prompts and resources. Test
 * code only: nothing here is part of the built server.
 */
export async function startFixtureServer(port: number): Promise<{ url: string; close(): Promise<void> }> {
  const sandbox = await startSandbox({ seed: true, s3: true });
  const config = loadConfig(
    ['--http', '--host', '127.0.0.1', '--port', String(port), '--toolsets', 'all', '--sandbox'],
    { PAPERSPACE_API_KEY: 'sandbox', PAPERSPACE_API_URL: sandbox.baseUrl },
  );
  const client = new PaperspaceClient({ apiKey: 'sandbox', baseUrl: sandbox.baseUrl });
  const events = new TenantEventBus();
  // The sandbox's S3 emulator on loopback is the one private endpoint callers may reach, as with --sandbox.
  const sandboxStorage = sandbox.s3 ? new URL(sandbox.s3.endpoint).host : undefined;
  // One task layer for the real tools and the tasks fixtures.
  const tasks = new Tasks(new MemoryTaskStore());
  const taskTools = taskFixtures(tasks);
  const real = createServerFactory(config, { client, events, sandboxStorage, tasks });
  const factory = (ctx?: McpRequestContext): McpServer => {
    const server = real(ctx);
    addFixtureContent(server, ctx);
    addFixtureTools(server, ctx, events, taskTools);
    return server;
  };
  const http = await startHttpServer(factory, httpOptionsOf(config, events), log);
  return {
    url: http.url,
    async close() {
      await http.close(1000);
      await tasks.close();
      await client.close();
      await sandbox.close();
    },
  };
}
