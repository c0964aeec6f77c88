// Baseline: a minimal MCP SDK v2 server on the same HTTP plumbing as ours (stateless 2026-07-28
// handler, the project's Node request/response adapter), with one tool that makes the same
// upstream GET with undici and returns the JSON. What the SDK costs per call, without our server.
import { createServer } from 'node:http';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { Pool } from 'undici';
import * as z from 'zod';
import { sendWebResponse, toWebRequest } from '../../dist/transports/node-fetch.js';

const api = new URL(process.env.PAPERSPACE_API_URL);
const pool = new Pool(api.origin, { connections: 16 });
const auth = { authorization: `Bearer ${process.env.PAPERSPACE_API_KEY}` };

const handler = createMcpHandler(
  () => {
    const server = new McpServer({ name: 'minimal-http', version: '0.0.0' }, { capabilities: { tools: {} } });
    server.registerTool('machines_get', { inputSchema: z.object({ id: z.string() }) }, async ({ id }) => {
      const res = await pool.request({
        method: 'GET',
        path: `${api.pathname}/machines/${id}`,
        headers: auth,
      });
      const structuredContent = await res.body.json();
      return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
    });
    return server;
  },
  { legacy: 'reject' },
);

const http = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const request = toWebRequest(req, Buffer.concat(chunks), new AbortController().signal);
  await sendWebResponse(res, await handler.fetch(request));
});
http.listen(0, '127.0.0.1', () => {
  process.stderr.write(`${JSON.stringify({ url: `http://127.0.0.1:${http.address().port}/mcp` })}\n`);
});
