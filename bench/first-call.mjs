// Quick loop for the first-call figure alone: spawn → first tools/call, ours against the 1-tool SDK
// server, interleaved. `node bench/first-call.mjs [rounds]` after `npm run build`.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../scripts/bundle.mjs';
import { loadSource } from '../scripts/load-source.mjs';
import { coldStarts } from './cold-start.mjs';
import { fmt } from './stats.mjs';

const KEY = 'bench_key';
const ENTRY = new URL('../dist/index.js', import.meta.url).pathname;
const rounds = Number(process.argv[2] ?? 15);
const { startSandbox } = await loadSource('src/sandbox/sandbox.ts');
const sandbox = await startSandbox({ apiKey: KEY, seed: true, transitionMs: 0 });
const page = await fetch(`${sandbox.baseUrl}/machines?limit=1`, {
  headers: { authorization: `Bearer ${KEY}` },
}).then((r) => r.json());
const call = { name: 'machines_get', arguments: { id: page.items[0].id } };
const env = { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: sandbox.baseUrl };
const outdir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-bench-minimal-'));
await bundle(new URL('./baselines/minimal-sdk.mjs', import.meta.url).pathname, outdir);
const r = await coldStarts(
  {
    minimal: { args: [join(outdir, 'index.js')], env, call },
    ours: { args: [ENTRY, '--toolsets', 'all'], env, call },
  },
  rounds,
);
console.log(
  `first call: ours ${fmt(r.ours.callMs)} ms, 1-tool SDK server ${fmt(r.minimal.callMs)} ms, ` +
    `${fmt(r.ours.callMs / r.minimal.callMs, 3)}× (list: ${fmt(r.ours.listMs)} / ${fmt(r.minimal.listMs)})`,
);
await sandbox.close();
process.exit(0);
