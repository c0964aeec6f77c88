// The first-call figure alone, for quick A/B work: spawn → first tools/call machines_get answered,
// ours against the 1-tool SDK server, interleaved. After `npm run build`:
//   node bench/first-call.mjs [rounds] [other/dist/index.js …]
// Further entries (e.g. the build of another commit) join the same rounds.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../scripts/bundle.mjs';
import { loadSource } from '../scripts/load-source.mjs';
import { coldStarts } from './cold-start.mjs';
import { fmt } from './stats.mjs';

const KEY = 'bench_key';
const ENTRY = new URL('../dist/index.js', import.meta.url).pathname;
const [rounds = '15', ...others] = process.argv.slice(2);
const { startSandbox } = await loadSource('src/sandbox/sandbox.ts');
const sandbox = await startSandbox({ apiKey: KEY, seed: true, transitionMs: 0 });
const page = await fetch(`${sandbox.baseUrl}/machines?limit=1`, {
  headers: { authorization: `Bearer ${KEY}` },
}).then((r) => r.json());
const call = { name: 'machines_get', arguments: { id: page.items[0].id } };
const env = { PAPERSPACE_API_KEY: KEY, PAPERSPACE_API_URL: sandbox.baseUrl };
const outdir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-bench-minimal-'));
await bundle(new URL('./baselines/minimal-sdk.mjs', import.meta.url).pathname, outdir);
const servers = { minimal: { args: [join(outdir, 'index.js')], env, call } };
for (const entry of [ENTRY, ...others]) servers[entry] = { args: [entry, '--toolsets', 'all'], env, call };
const r = await coldStarts(servers, Number(rounds));
for (const entry of [ENTRY, ...others]) {
  console.log(
    `${entry}: first call ${fmt(r[entry].callMs)} ms, 1-tool SDK server ${fmt(r.minimal.callMs)} ms, ` +
      `${fmt(r[entry].callMs / r.minimal.callMs, 3)}× (tools/list ${fmt(r[entry].listMs)} ms)`,
  );
}
await sandbox.close();
process.exit(0);
