// npm run bench: start-up, context size, call overhead, HTTP throughput and memory, each figure
// beside its baseline measured in the same run. Everything runs on loopback and stops by itself.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Pool } from 'undici';
import { startSandbox } from '../dist/sandbox/sandbox.js';
import { bundle } from '../scripts/bundle.mjs';
import { coldStart } from './cold-start.mjs';
import { fmt, median, percentile, rssMb } from './stats.mjs';

const ENTRY = new URL('../dist/index.js', import.meta.url).pathname;
const BARE = new URL('./baselines/bare.mjs', import.meta.url).pathname;
const MINIMAL_SOURCE = new URL('./baselines/minimal-sdk.mjs', import.meta.url).pathname;
const MINIMAL_HTTP = new URL('./baselines/minimal-sdk-http.mjs', import.meta.url).pathname;
const KEY = 'bench_key';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const MEMORY_CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 10_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 3);
const HTTP_CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 8);

const rows = [];
const row = (area, metric, value, baseline, target) => rows.push({ area, metric, value, baseline, target });

async function stdioClient(args, env) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, ...args],
    env,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

/** The one-tool SDK baseline, bundled the same way as the server. */
async function bundledMinimal() {
  const outdir = join(tmpdir(), 'paperspace-mcp-bench');
  await bundle(MINIMAL_SOURCE, outdir);
  return join(outdir, 'index.js');
}

async function benchColdStart() {
  const bare = await coldStart([BARE], RUNS);
  const minimal = await coldStart([await bundledMinimal()], RUNS);
  const ours = await coldStart([ENTRY, '--toolsets', 'all'], RUNS, { PAPERSPACE_API_KEY: KEY });
  row(
    'cold start',
    'spawn → initialize (ms, median)',
    fmt(ours.initMs),
    `bare ${fmt(bare.initMs)} · 1-tool SDK ${fmt(minimal.initMs)}`,
    `≤ ${fmt(bare.initMs * 1.5)} (1.5× bare)`,
  );
  row(
    'cold start',
    'spawn → first tools/list (ms, median)',
    fmt(ours.listMs),
    `bare ${fmt(bare.listMs)} · 1-tool SDK ${fmt(minimal.listMs)}`,
    '',
  );
  row(
    'memory',
    'RSS at the first tools/list answer (MB, median)',
    fmt(ours.rssMb),
    `bare ${fmt(bare.rssMb)} · 1-tool SDK ${fmt(minimal.rssMb)}`,
    '≤ 55',
  );
}

function modelFacing(tool) {
  const { name, title, description, inputSchema, annotations } = tool;
  return { name, title, description, inputSchema, annotations };
}

async function benchContext(sandbox) {
  const env = { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: sandbox.baseUrl, PATH: process.env.PATH };
  for (const [label, args] of [
    ['default', []],
    ['all', ['--toolsets', 'all']],
  ]) {
    const { client } = await stdioClient(args, env);
    const { tools } = await client.listTools();
    await client.close();
    const full = tools.map((t) => Buffer.byteLength(JSON.stringify(t)));
    const facing = tools.map((t) => Buffer.byteLength(JSON.stringify(modelFacing(t))));
    const sum = (xs) => xs.reduce((a, b) => a + b, 0);
    row('context', `${label}: tools`, String(tools.length), '', '');
    row(
      'context',
      `${label}: model-facing bytes/tool (median, max)`,
      `${median(facing)}, ${Math.max(...facing)}`,
      'RunPod 1,751/tool',
      '≤ 500 median',
    );
    row(
      'context',
      `${label}: model-facing total (kB)`,
      fmt(sum(facing) / 1000),
      '',
      label === 'default' ? '≤ 20 kB' : '',
    );
    row(
      'context',
      `${label}: with outputSchema bytes/tool (median, max)`,
      `${median(full)}, ${Math.max(...full)}`,
      'peers 558–3,176/tool',
      'max ≤ 4,096',
    );
    row('context', `${label}: tools/list total (kB)`, fmt(sum(full) / 1000), 'RunPod 119 kB', '');
  }
}

async function timeCalls(fn, n) {
  for (let i = 0; i < Math.min(200, n); i++) await fn();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

async function benchOverhead(sandbox, machineId) {
  const env = { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: sandbox.baseUrl, PATH: process.env.PATH };
  const { client, pid } = await stdioClient(['--toolsets', 'machines'], env);
  await client.listTools();
  const afterList = await rssMb(pid);
  const viaMcp = await timeCalls(
    () => client.callTool({ name: 'machines_get', arguments: { id: machineId } }),
    CALLS,
  );
  const origin = new URL(sandbox.baseUrl);
  const pool = new Pool(origin.origin, { connections: 4 });
  const direct = await timeCalls(async () => {
    const res = await pool.request({
      method: 'GET',
      path: `${origin.pathname}/machines/${machineId}`,
      headers: { authorization: `Bearer ${KEY}`, accept: 'application/json' },
    });
    await res.body.text();
  }, CALLS);
  await pool.close();
  const p50 = median(viaMcp) - median(direct);
  const p99 = percentile(viaMcp, 99) - percentile(direct, 99);
  row(
    'call overhead',
    'machines_get via stdio p50 / p99 (ms)',
    `${fmt(median(viaMcp), 2)} / ${fmt(percentile(viaMcp, 99), 2)}`,
    `direct ${fmt(median(direct), 2)} / ${fmt(percentile(direct, 99), 2)}`,
    '',
  );
  row(
    'call overhead',
    'added by the server p50 / p99 (ms)',
    `${fmt(p50, 2)} / ${fmt(p99, 2)}`,
    '',
    '≤ 1 ms p50',
  );

  row('memory', 'RSS after tools/list, machines toolset (MB)', fmt(afterList), '', '');
  // Calls so far: 200 warm-up + CALLS timed; the rest up to MEMORY_CALLS in two halves, so growth
  // that keeps going shows apart from a heap that settles at its working size.
  const rest = MEMORY_CALLS - CALLS - 200;
  const call = () => client.callTool({ name: 'machines_get', arguments: { id: machineId } });
  for (let i = 0; i < rest / 2; i++) await call();
  const halfway = await rssMb(pid);
  for (let i = 0; i < rest / 2; i++) await call();
  const afterCalls = await rssMb(pid);
  row(
    'memory',
    `RSS after ${(MEMORY_CALLS / 2 + CALLS / 2 + 100).toLocaleString('en')} / ${MEMORY_CALLS.toLocaleString('en')} calls (MB)`,
    `${fmt(halfway)} / ${fmt(afterCalls)}`,
    `after tools/list ${fmt(afterList)}`,
    'flat (noise)',
  );
  await client.close();
}

/** Starts an HTTP server (ours by default) against the sandbox; resolves with its /mcp URL. */
function spawnHttp(sandbox, args = [ENTRY, '--http', '--port', '0', '--toolsets', 'machines']) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: sandbox.baseUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c.toString();
      const m = /"url":"([^"]+)"/.exec(stderr);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`http server exited ${code}: ${stderr}`)));
  });
}

async function loop(seconds, workers, fn) {
  const deadline = Date.now() + seconds * 1000;
  const latencies = [];
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (Date.now() < deadline) {
        const t0 = process.hrtime.bigint();
        await fn(w);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return { perSecond: latencies.length / seconds, p99: percentile(latencies, 99) };
}

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const JSON_RPC_HEADERS = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};

const modernHeaders = () => ({
  ...JSON_RPC_HEADERS,
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'machines_get',
});

/** Opens a 2025-era session with the SDK client and returns the headers that continue it. */
async function legacyHeaders(url) {
  let sessionId;
  const spy = async (input, init) => {
    const res = await fetch(input, init);
    sessionId ??= res.headers.get('mcp-session-id') ?? undefined;
    return res;
  };
  const client = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: 'legacy' } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: spy }));
  return { ...JSON_RPC_HEADERS, 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': sessionId };
}

/**
 * tools/call machines_get per second against an MCP server at `url`. Load comes from light
 * JSON-RPC POSTs over undici, as the direct baseline's does, so the figure is the server's capacity
 * rather than the load generator's. Each 2025-era worker opens its own session first with the SDK
 * client (initialize), then replays tools/call on it.
 */
async function mcpLoad(url, era, machineId) {
  const mcp = new URL(url);
  const headers = await Promise.all(
    Array.from({ length: HTTP_CLIENTS }, () => (era === 'modern' ? modernHeaders() : legacyHeaders(url))),
  );
  const body = (w) =>
    JSON.stringify({
      jsonrpc: '2.0',
      id: w,
      method: 'tools/call',
      params: {
        name: 'machines_get',
        arguments: { id: machineId },
        ...(era === 'modern' ? { _meta: MODERN_META } : {}),
      },
    });
  const pool = new Pool(mcp.origin, { connections: HTTP_CLIENTS });
  let failures = 0;
  const result = await loop(HTTP_SECONDS, HTTP_CLIENTS, async (w) => {
    const res = await pool.request({
      method: 'POST',
      path: mcp.pathname,
      headers: headers[w],
      body: body(w),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200 || !text.includes('structuredContent')) failures++;
  });
  await pool.close();
  if (failures > 0) throw new Error(`${era}: ${failures} tool calls failed under load`);
  return result;
}

async function benchHttp(sandbox, machineId) {
  const origin = new URL(sandbox.baseUrl);
  const pool = new Pool(origin.origin, { connections: HTTP_CLIENTS });
  const direct = await loop(HTTP_SECONDS, HTTP_CLIENTS, async () => {
    const res = await pool.request({
      method: 'GET',
      path: `${origin.pathname}/machines/${machineId}`,
      headers: { authorization: `Bearer ${KEY}` },
    });
    await res.body.text();
  });
  await pool.close();
  const minimal = await spawnHttp(sandbox, [MINIMAL_HTTP]);
  let sdk;
  try {
    sdk = await mcpLoad(minimal.url, 'modern', machineId);
  } finally {
    minimal.child.kill('SIGTERM');
  }
  const ours = await spawnHttp(sandbox);
  try {
    for (const era of ['legacy', 'modern']) {
      const viaMcp = await mcpLoad(ours.url, era, machineId);
      row(
        'http',
        `${era === 'modern' ? '2026-07-28' : '2025-11-25'}: calls/s with ${HTTP_CLIENTS} clients (p99 ms)`,
        `${fmt(viaMcp.perSecond, 0)} (${fmt(viaMcp.p99, 1)})`,
        `direct ${fmt(direct.perSecond, 0)} req/s (${fmt(direct.p99, 1)}) · 1-tool SDK 2026-07-28 ${fmt(sdk.perSecond, 0)} (${fmt(sdk.p99, 1)})`,
        `≥ ${fmt(direct.perSecond / 2, 0)} (50%)`,
      );
    }
  } finally {
    ours.child.kill('SIGTERM');
  }
}

function printTable() {
  const header = ['area', 'metric', 'paperspace-mcp', 'baseline (same run)', 'target'];
  const lines = rows.map((r) => [r.area, r.metric, r.value, r.baseline, r.target]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmtLine = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(fmtLine(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const l of lines) console.log(fmtLine(l));
}

const sandbox = await startSandbox({ apiKey: KEY, seed: true, transitionMs: 0 });
const page = await fetch(`${sandbox.baseUrl}/machines?limit=1`, {
  headers: { authorization: `Bearer ${KEY}` },
}).then((r) => r.json());
const machineId = page.items?.[0]?.id ?? 'psnone';
console.error(
  `node ${process.version}, ${RUNS} cold starts per figure, ${CALLS} timed calls, ${HTTP_CLIENTS} HTTP clients × ${HTTP_SECONDS}s`,
);
await benchColdStart();
await benchContext(sandbox);
await benchOverhead(sandbox, machineId);
await benchHttp(sandbox, machineId);
await sandbox.close();
printTable();
process.exit(0);
