import { type Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { DIST_ENTRY } from '../helpers/spawn.js';
import { testClient } from '../helpers/test-client.js';
import type { Driver, ToolResult } from './driver.js';

type Era = 'legacy' | 'modern';
type Answer = 'accept' | 'decline';

/** Where an SDK 2.x client connects: the built server spawned over stdio, or the shared HTTP server. */
export type Target = { stdio: string[] } | { url: string };

/** The official TypeScript SDK 2.x client (@modelcontextprotocol/client), of one protocol era. */
export async function sdk2(target: Target, era: Era, answer?: Answer): Promise<Driver> {
  const { client } = testClient('interop-sdk2', { era, ...(answer ? { elicit: answer } : {}) });
  const transport =
    'url' in target
      ? new StreamableHTTPClientTransport(new URL(target.url))
      : new StdioClientTransport({
          command: process.execPath,
          args: [DIST_ENTRY, ...target.stdio],
          env: { PATH: process.env.PATH ?? '' },
          stderr: 'ignore',
        });
  await client.connect(transport);
  return driverOf(client, era, (next) => sdk2(target, era, next));
}

function driverOf(client: Client, era: Era, reconnect: (answer: Answer) => Promise<Driver>): Driver {
  return {
    listTools: async () => (await client.listTools()).tools,
    call: async (name, args) => (await client.callTool({ name, arguments: args })) as ToolResult,
    readResource: async (uri) =>
      (await client.readResource({ uri })).contents as Array<{ uri: string; text?: string }>,
    async subscribe(uri) {
      const updated = new Promise<string>((resolve) => {
        client.setNotificationHandler('notifications/resources/updated', (n) => {
          resolve(String((n.params as { uri: string }).uri));
        });
      });
      if (era === 'modern') {
        const listening = await client.listen({ resourceSubscriptions: [uri] });
        return { updated, close: () => listening.close() };
      }
      await client.subscribeResource({ uri });
      return { updated, close: async () => void (await client.unsubscribeResource({ uri })) };
    },
    async complete(template, name, value) {
      const answer = await client.complete({
        ref: { type: 'ref/resource', uri: template },
        argument: { name, value },
      });
      return answer.completion.values;
    },
    async callWithProgress(name, args) {
      const progress: string[] = [];
      const result = (await client.callTool(
        { name, arguments: args },
        { onprogress: (p) => progress.push(String(p.message)) },
      )) as ToolResult;
      return { result, progress };
    },
    withElicitation: reconnect,
    close: () => client.close(),
  };
}
