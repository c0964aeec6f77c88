import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median } from './stats.mjs';

const line = (message) => `${JSON.stringify(message)}\n`;
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
};

/**
 * Spawns `command args` and plays a 2025-era host over stdio: initialize, then initialized +
 * tools/list, then (with `call`) one tools/call. Resolves with the times from spawn to each answer
 * (ms) and the process's RSS at the last one (MB).
 */
export function coldStartOnce({ command = process.execPath, args, env = {}, call }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const times = {};
    let buffer = '';
    const done = () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      child.kill();
      resolve({ ...times, rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024 });
    };
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const msg = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (msg.id === 1) {
          times.initMs = ms;
          child.stdin.write(line({ jsonrpc: '2.0', method: 'notifications/initialized' }));
          child.stdin.write(line({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }));
        } else if (msg.id === 2) {
          times.listMs = ms;
          if (!call) return done();
          child.stdin.write(line({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: call }));
        } else if (msg.id === 3) {
          if (msg.result?.isError || !msg.result?.structuredContent) {
            reject(new Error(`tools/call failed: ${JSON.stringify(msg).slice(0, 300)}`));
          }
          times.callMs = ms;
          done();
        }
      }
    });
    child.on('error', reject);
    child.stdin.write(line(INIT));
  });
}

/**
 * Cold starts of several servers, interleaved (one of each per round) so a change in the machine's
 * load during the run weighs on all of them alike. Resolves with the median of each time per server.
 */
export async function coldStarts(servers, runs) {
  const results = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
  for (const spec of Object.values(servers)) await coldStartOnce(spec); // warm the file cache
  for (let i = 0; i < runs; i++) {
    for (const [name, spec] of Object.entries(servers)) results[name].push(await coldStartOnce(spec));
  }
  const of = (list, key) => median(list.map((r) => r[key]));
  return Object.fromEntries(
    Object.entries(results).map(([name, list]) => [
      name,
      {
        initMs: of(list, 'initMs'),
        listMs: of(list, 'listMs'),
        callMs: of(list, 'callMs'),
        rssMb: of(list, 'rssMb'),
      },
    ]),
  );
}
