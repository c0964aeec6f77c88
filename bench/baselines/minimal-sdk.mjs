// Baseline: a minimal MCP SDK v2 server over stdio with one tool that makes the same upstream GET
// as our machines_get (undici) and returns the JSON. Bundled the same way as ours.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { Pool } from 'undici';
import * as z from 'zod';

const api = new URL(process.env.PAPERSPACE_API_URL ?? 'http://127.0.0.1:9/v1');
const pool = new Pool(api.origin);
const auth = { authorization: `Bearer ${process.env.PAPERSPACE_API_KEY}` };

serveStdio(() => {
  const server = new McpServer({ name: 'minimal', version: '0.0.0' }, { capabilities: { tools: {} } });
  server.registerTool('machines_get', { inputSchema: z.object({ id: z.string() }) }, async ({ id }) => {
    const res = await pool.request({ method: 'GET', path: `${api.pathname}/machines/${id}`, headers: auth });
    const structuredContent = await res.body.json();
    return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
  });
  return server;
});
process.stdin.once('end', () => process.exit(0));
