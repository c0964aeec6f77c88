// The one build step: esbuild bundles straight from src/ into dist/<name>.js (+ dist/chunks/), split
// at the dynamic imports so stdio never loads the HTTP or sandbox code. One file instead of hundreds
// of modules is what makes a cold start fast. Type-checking is `tsc --noEmit` (npm run typecheck).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

/** Bundles `entry` into `outdir/<name>.js` (+ `outdir/chunks/`); the benchmark builds its baselines the same way. */
export async function bundle(entry, outdir, plugins = [], name = 'index') {
  await rm(`${outdir}/chunks`, { recursive: true, force: true });
  await build({
    entryPoints: { [name]: entry },
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
    plugins,
    // Some bundled CommonJS dependencies call require(); an ES module has to create it.
    banner: { js: "import{createRequire as __req}from'node:module';const require=__req(import.meta.url);" },
  });
}
