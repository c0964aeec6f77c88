// The server the MCP conformance suite tests (test only; .ci/conformance runs it): the real
// `--sandbox --http --toolsets all` server on 127.0.0.1:PORT (/mcp, /healthz), both protocol eras,
// plus the fixtures the suite's server scenarios name (test/conformance/). Built from src/ and the
// fixtures with esbuild at run time into a temporary file, so no fixture reaches dist/.
//
//   node scripts/conformance-server.mjs --port 3001
//
// Prints "conformance-server: listening on <url>" on stdout once it serves; SIGTERM/SIGINT stop it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error('usage: node scripts/conformance-server.mjs --port <0-65535>');
  process.exit(2);
}

const dir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-conformance-server-'));
// Split like dist/: dynamically imported modules (the rows of each API area) become chunks of their
// own, so every module is evaluated in import order (one file would wrap them in lazy initialisers).
const outfile = join(dir, 'server.mjs');
try {
  await build({
    entryPoints: { server: join(ROOT, 'test/conformance/fixture-server.ts') },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    // The sandbox loads s3rver (a devDependency) from node_modules when it starts its S3.
    external: ['s3rver', 's3rver/*'],
    banner: { js: "import{createRequire as __req}from'node:module';const require=__req(import.meta.url);" },
  });
  const { startFixtureServer } = await import(pathToFileURL(outfile).href);
  const server = await startFixtureServer(port);
  console.log(`conformance-server: listening on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} finally {
  await rm(dir, { recursive: true, force: true });
}
