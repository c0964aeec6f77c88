import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { testClient } from '../helpers/test-client.js';

/** What an installed server answered in one short session: its tool names and one call's result. */
export interface SessionResult {
  tools: string[];
  machines: unknown;
}

/**
 * Starts an installed server the way a host does (`command args` over stdio, with `env`), lists
 * its tools and calls machines_list against the sandbox, through the real SDK client.
 */
export async function sandboxSession(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<SessionResult> {
  const transport = new StdioClientTransport({
    command,
    args,
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  const { client } = testClient('install');
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: 'machines_list', arguments: {} });
    if (result.isError) throw new Error(`machines_list failed: ${JSON.stringify(result.content)}`);
    return { tools: tools.map((t) => t.name), machines: result.structuredContent };
  } finally {
    await client.close();
  }
}
