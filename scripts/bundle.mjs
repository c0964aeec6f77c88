// Replaces dist/index.js (the entry tsc emitted) with one minified bundle of the server and its
// dependencies, split at the dynamic imports so stdio never loads the HTTP or sandbox code. One file
// instead of hundreds of modules is what makes a cold start and the first tools/list fast. The rest
// of dist/ stays as tsc wrote it, for the scripts and tests that import single modules.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

/** Bundles `entry` into `outdir/index.js` (+ `outdir/chunks/`); the benchmark builds its baseline the same way. */
export async function bundle(entry, outdir) {
  await rm(`${outdir}/chunks`, { recursive: true, force: true });
  await build({
    entryPoints: { index: entry },
    outdir,
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
    // s3rver is a devDependency the sandbox loads when present; the published package goes without.
    external: ['s3rver', 's3rver/*'],
    // Some bundled CommonJS dependencies call require(); an ES module has to create it.
    banner: { js: "import{createRequire as __req}from'node:module';const require=__req(import.meta.url);" },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = new URL('../dist', import.meta.url).pathname;
  await bundle(`${dist}/index.js`, dist);
}
