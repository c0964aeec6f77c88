import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { median } from './stats.mjs';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
};

/**
 * Spawns `node <args>` and measures, from spawn, the time to the `initialize` answer and to the
 * first tools/list answer, as a host sees them over stdio, and the process's RSS right then (MB).
 */
export function coldStartOnce(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let buffer = '';
    let initMs;
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
        const msg = JSON.parse(line);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (msg.id === 1) {
          initMs = ms;
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
          child.stdin.write(
            `${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} })}\n`,
          );
        } else if (msg.id === 2) {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          child.kill();
          resolve({ initMs, listMs: ms, rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024 });
        }
      }
    });
    child.on('error', reject);
    child.stdin.write(`${JSON.stringify(INIT)}\n`);
  });
}

export async function coldStart(args, runs = 7, env = {}) {
  await coldStartOnce(args, env); // warm the file cache once
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await coldStartOnce(args, env));
  const of = (key) => median(results.map((r) => r[key]));
  return { initMs: of('initMs'), listMs: of('listMs'), rssMb: of('rssMb') };
}
