import { spawn } from 'node:child_process';
import { Pool } from 'undici';
import { startSandbox } from '../dist/sandbox/sandbox.js';

const sandbox = await startSandbox({ seed: true, apiKey: 'k', transitionMs: 0 });
const machineId = [...sandbox.store.table('machines').keys()][0];
const prof = process.argv[2] === 'prof' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];
const child = spawn(
  process.execPath,
  [...prof, '/work/main/dist/index.js', '--http', '--port', '0', '--toolsets', process.argv[3] ?? 'machines'],
  {
    env: { PATH: process.env.PATH, PAPERSPACE_API_KEY: 'k', PAPERSPACE_API_URL: sandbox.baseUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
const url = new URL(
  await new Promise((res) => {
    let e = '';
    child.stderr.on('data', (c) => {
      e += c;
      const m = /"url":"([^"]+)"/.exec(e);
      if (m) res(m[1]);
    });
  }),
);
const pool = new Pool(url.origin, { connections: 8 });
const headers = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'machines_get',
};
const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'machines_get',
    arguments: { id: machineId },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'b', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
});
let n = 0;
const end = Date.now() + 4000;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (Date.now() < end) {
      const r = await pool.request({ method: 'POST', path: url.pathname, headers, body });
      await r.body.text();
      n++;
    }
  }),
);
console.log('calls/s', n / 4);
await pool.close();
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
await sandbox.close();
