import { spawn } from 'node:child_process';

/**
 * A light JSON-RPC client over a spawned server's stdio (a 2025-era session), so per-call figures
 * measure the server and not the client library, as the HTTP figures do with plain POSTs.
 */
export async function rawStdio(args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = new Map();
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    }
  });
  let nextId = 1;
  const request = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  await request('initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'bench', version: '1' },
  });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await request('tools/list', {});
  return {
    pid: child.pid,
    async callTool(name, args) {
      const answer = await request('tools/call', { name, arguments: args });
      if (answer.result?.isError || !answer.result?.structuredContent) {
        throw new Error(`tools/call failed: ${JSON.stringify(answer).slice(0, 300)}`);
      }
      return answer.result;
    },
    close() {
      child.stdin.end();
    },
  };
}
