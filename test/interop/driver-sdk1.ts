import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { DIST_ENTRY } from '../helpers/spawn.js';
import type { Driver, ToolResult } from './driver.js';
import type { Target } from './driver-sdk2.js';

type Answer = 'accept' | 'decline';

/**
 * The official TypeScript SDK 1.x client (@modelcontextprotocol/sdk), what most hosts embed. It
 * lists the tools first, as hosts do, so every later call's structuredContent is validated
 * against the tool's output schema, errors included.
 */
export async function sdk1(target: Target, answer?: Answer): Promise<Driver> {
  const client = new Client(
    { name: 'interop-sdk1', version: '1.0.0' },
    { capabilities: answer ? { elicitation: {} } : {} },
  );
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, async () =>
      answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' },
    );
  }
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
  await client.listTools();
  return {
    listTools: async () =>
      (await client.listTools()).tools as Array<{ name: string; outputSchema?: Record<string, unknown> }>,
    call: async (name, args) => (await client.callTool({ name, arguments: args })) as ToolResult,
    readResource: async (uri) =>
      (await client.readResource({ uri })).contents as Array<{ uri: string; text?: string }>,
    async subscribe(uri) {
      const updated = new Promise<string>((resolve) => {
        client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri));
      });
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
      const result = (await client.callTool({ name, arguments: args }, undefined, {
        onprogress: (p) => progress.push(String(p.message)),
      })) as ToolResult;
      return { result, progress };
    },
    withElicitation: (next) => sdk1(target, next),
    close: () => client.close(),
  };
}
