// npm run bench: each figure of the server beside its baseline measured in the same run, with the
// ratio and the target, in one table. Everything runs on loopback and stops by itself.
// BENCH_PEERS=1 adds @modelcontextprotocol/server-github (installed into a temporary directory).
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Pool } from 'undici';
import { bundle } from '../scripts/bundle.mjs';
import { loadSource } from '../scripts/load-source.mjs';
import { coldStarts } from './cold-start.mjs';
import { journalCost } from './journal.mjs';
import { installPeer } from './peers.mjs';
import { rawStdio } from './raw-stdio.mjs';
import { fmt, median, rssMb } from './stats.mjs';

const ENTRY = new URL('../dist/index.js', import.meta.url).pathname;
const baseline = (name) => new URL(`./baselines/${name}`, import.meta.url).pathname;
const KEY = 'bench_key';
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const MEMORY_CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 10_000);

const rows = [];
/** One figure: `ours` against `base`; `holds` says whether the target is met. */
const row = (figure, ours, base, ratio, target, holds) =>
  rows.push({ figure, ours, base, ratio: ratio === undefined ? '' : `${fmt(ratio, 2)}×`, target, holds });

/** Bundles a baseline the way the server is bundled (one minified file, same esbuild settings). */
async function bundled(name) {
  const outdir = await mkdtemp(join(tmpdir(), `paperspace-mcp-bench-${name.replace(/\W/g, '')}-`));
  await bundle(baseline(name), outdir);
  return join(outdir, 'index.js');
}

async function stdioClient(args, env) {
  const transport = new StdioClientTransport({ command: process.execPath, args, env, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' }, { versionNegotiation: { mode: 'legacy' } });
  await client.connect(transport);
  return { client, pid: transport.pid };
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

async function benchStart(env, minimal, machineId) {
  const { TOOL_TABLE } = await loadSource('src/tools/registry/prebuilt.ts');
  const listFile = join(await mkdtemp(join(tmpdir(), 'paperspace-mcp-bench-')), 'tools-list.json');
  await writeFile(listFile, `{"tools":[${TOOL_TABLE.tools.map((t) => t.json).join(',')}]}`);
  const call = { name: 'machines_get', arguments: { id: machineId } };
  const servers = {
    bare: { args: [baseline('bare.mjs')], env: { BENCH_TOOL_LIST: listFile } },
    ours: { args: [ENTRY, '--toolsets', 'all'], env },
    minimal: { args: [minimal], env, call },
    oursCall: { args: [ENTRY, '--toolsets', 'all'], env, call },
  };
  if (process.env.BENCH_PEERS === '1') {
    const github = await installPeer('@modelcontextprotocol/server-github');
    servers.github = { args: [github], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'bench' } };
  }
  const r = await coldStarts(servers, RUNS);
  const ready = r.ours.listMs / r.bare.listMs;
  row(
    `ready: spawn → first tools/list, ${TOOL_TABLE.tools.length} tools, stdio, 2025-11-25 (ms, median)`,
    fmt(r.ours.listMs),
    `bare Node serving the same JSON ${fmt(r.bare.listMs)}`,
    ready,
    '≤ 1.5×',
    ready <= 1.5,
  );
  if (r.github) {
    row(
      'peer: @modelcontextprotocol/server-github ready (ms, median)',
      fmt(r.github.listMs),
      `bare ${fmt(r.bare.listMs)}`,
      r.github.listMs / r.bare.listMs,
      '',
      undefined,
    );
  }
  const first = r.oursCall.callMs / r.minimal.callMs;
  row(
    'first call: spawn → first tools/call machines_get answered (ms, median)',
    fmt(r.oursCall.callMs),
    `1-tool SDK server ${fmt(r.minimal.callMs)}`,
    first,
    '≤ 1.25×',
    first <= 1.25,
  );
  row(
    'RSS at the first tools/list (MB, median)',
    fmt(r.ours.rssMb),
    `bare ${fmt(r.bare.rssMb)}`,
    r.ours.rssMb / r.bare.rssMb,
    '',
    undefined,
  );
}

/** RSS after 100 calls (ours and the 1-tool server), then ours after 5,000 and 10,000; stdio call overhead. */
async function benchCalls(env, minimal, sandbox, machineId) {
  const call = (client) => () => client.callTool({ name: 'machines_get', arguments: { id: machineId } });
  const base = await stdioClient([minimal], env);
  for (let i = 0; i < 100; i++) await call(base.client)();
  const baseRss = await rssMb(base.pid);
  await base.client.close();

  const ours = await stdioClient([ENTRY, '--toolsets', 'all'], env);
  await ours.client.listTools();
  for (let i = 0; i < 100; i++) await call(ours.client)();
  const at100 = await rssMb(ours.pid);
  const memory = at100 / baseRss;
  row(
    'memory: RSS after 100 calls (MB)',
    fmt(at100),
    `1-tool SDK server ${fmt(baseRss)}`,
    memory,
    '≤ 1.15×',
    memory <= 1.15,
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
  const raw = await rawStdio([ENTRY, '--toolsets', 'all'], env);
  const viaRaw = await timeCalls(() => raw.callTool('machines_get', { id: machineId }), CALLS);
  raw.close();
  const added = median(viaRaw) - median(direct);
  row(
    'per call, stdio: machines_get p50 (ms)',
    fmt(median(viaRaw), 2),
    `direct undici GET ${fmt(median(direct), 2)}`,
    median(viaRaw) / median(direct),
    `≤ +1 ms (+${fmt(added, 2)})`,
    added <= 1,
  );
  // What a host using the SDK client sees: the client also checks each result against the tool's
  // output schema.
  const viaSdk = await timeCalls(call(ours.client), CALLS);
  row(
    'per call, stdio, SDK client: machines_get p50 (ms)',
    fmt(median(viaSdk), 2),
    `direct undici GET ${fmt(median(direct), 2)}`,
    median(viaSdk) / median(direct),
    `(+${fmt(median(viaSdk) - median(direct), 2)})`,
    undefined,
  );

  // RSS rises and falls with each collection, so one reading says little: sample every 250 calls
  // and compare the median of the second half of the run with that of the first.
  const samples = [];
  for (let i = 100 + 200 + CALLS; i < MEMORY_CALLS; i++) {
    await call(ours.client)();
    if (i % 250 === 0) samples.push({ at: i, mb: await rssMb(ours.pid) });
  }
  const firstHalf = median(samples.filter((s) => s.at < MEMORY_CALLS / 2).map((s) => s.mb));
  const secondHalf = median(samples.filter((s) => s.at >= MEMORY_CALLS / 2).map((s) => s.mb));
  const last = samples.at(-1)?.mb;
  row(
    `memory: RSS over ${MEMORY_CALLS.toLocaleString('en')} calls, median of the second half (MB; last ${fmt(last)})`,
    fmt(secondHalf),
    `median of the first half ${fmt(firstHalf)}`,
    secondHalf / firstHalf,
    'flat: ≤ 1.05×',
    secondHalf / firstHalf <= 1.05,
  );
  await ours.client.close();
}

/** Starts our HTTP server against the sandbox; resolves with its /mcp URL. */
function spawnHttp(sandbox) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, '--http', '--port', '0', '--toolsets', 'all'], {
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

const JSON_RPC = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** Headers (and the request's `_meta`) that make a tools/call in `era` against `url`. */
async function eraOf(pool, path, era) {
  if (era === 'modern') {
    return {
      headers: {
        ...JSON_RPC,
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/call',
        'mcp-name': 'machines_get',
      },
      meta: { _meta: MODERN_META },
    };
  }
  const init = await pool.request({
    method: 'POST',
    path,
    headers: JSON_RPC,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'bench', version: '1' },
      },
    }),
  });
  await init.body.text();
  const session = init.headers['mcp-session-id'];
  const headers = { ...JSON_RPC, 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': session };
  const note = await pool.request({
    method: 'POST',
    path,
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  await note.body.text();
  return { headers, meta: {} };
}

async function benchHttp(sandbox, machineId) {
  const origin = new URL(sandbox.baseUrl);
  const direct = new Pool(origin.origin, { connections: 1 });
  const directTimes = await timeCalls(async () => {
    const res = await direct.request({
      method: 'GET',
      path: `${origin.pathname}/machines/${machineId}`,
      headers: { authorization: `Bearer ${KEY}` },
    });
    await res.body.text();
  }, CALLS);
  await direct.close();
  const ours = await spawnHttp(sandbox);
  try {
    const mcp = new URL(ours.url);
    for (const era of ['legacy', 'modern']) {
      const pool = new Pool(mcp.origin, { connections: 1 });
      const { headers, meta } = await eraOf(pool, mcp.pathname, era);
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'machines_get', arguments: { id: machineId }, ...meta },
      });
      const times = await timeCalls(async () => {
        const res = await pool.request({ method: 'POST', path: mcp.pathname, headers, body });
        const text = await res.body.text();
        if (res.statusCode !== 200 || !text.includes('structuredContent')) {
          throw new Error(`${era}: tools/call failed: ${res.statusCode} ${text.slice(0, 200)}`);
        }
      }, CALLS);
      await pool.close();
      const added = median(times) - median(directTimes);
      row(
        `per call, HTTP ${era === 'modern' ? '2026-07-28' : '2025-11-25'}: machines_get p50 (ms)`,
        fmt(median(times), 2),
        `direct undici GET ${fmt(median(directTimes), 2)}`,
        median(times) / median(directTimes),
        `≤ +2 ms (+${fmt(added, 2)})`,
        added <= 2,
      );
    }
  } finally {
    ours.child.kill('SIGTERM');
  }
}

function printTable() {
  const header = ['figure', 'paperspace-mcp', 'baseline (same run)', 'ratio', 'target', 'holds'];
  const lines = rows.map((r) => [
    r.figure,
    r.ours,
    r.base,
    r.ratio,
    r.target,
    r.holds === undefined ? '' : r.holds ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmtLine = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(fmtLine(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const l of lines) console.log(fmtLine(l));
}

const { startSandbox } = await loadSource('src/sandbox/sandbox.ts');
const sandbox = await startSandbox({ apiKey: KEY, seed: true, transitionMs: 0 });
const page = await fetch(`${sandbox.baseUrl}/machines?limit=1`, {
  headers: { authorization: `Bearer ${KEY}` },
}).then((r) => r.json());
const machineId = page.items?.[0]?.id ?? 'psnone';
const env = { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: sandbox.baseUrl, PATH: process.env.PATH };
const minimal = await bundled('minimal-sdk.mjs');
const loadAtStart = loadavg()[0];
console.error(`node ${process.version}, ${RUNS} cold starts per figure (interleaved), ${CALLS} timed calls`);
await benchStart(env, minimal, machineId);
await benchCalls(env, minimal, sandbox, machineId);
await benchHttp(sandbox, machineId);
const journal = await journalCost(ENTRY, env, Math.min(CALLS, 500));
row(
  'audit journal: projects_create p50 with --audit-log (ms)',
  fmt(journal.withJournal, 2),
  `without ${fmt(journal.without, 2)}`,
  journal.withJournal / journal.without,
  `(+${fmt(journal.withJournal - journal.without, 2)}: two lines, each synced)`,
  undefined,
);
await sandbox.close();
printTable();
// Other work on the machine weighs on every figure: say how busy it was.
console.log(
  `\nnode ${process.version}; load average (1 min): ${fmt(loadAtStart, 2)} at the start, ${fmt(loadavg()[0], 2)} at the end`,
);
process.exit(0);
