// The one build step: esbuild bundles straight from src/ into dist/<name>.js (+ dist/chunks/), split
// at the dynamic imports so stdio never loads the HTTP or sandbox code. One file instead of hundreds
// of modules is what makes a cold start fast. Type-checking is `tsc --noEmit` (npm run typecheck).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * Bundles `entries` ({ name: path }, or one path bundled as `index`) into `outdir/<name>.js`
 * (+ `outdir/chunks/`); the benchmark builds its baselines the same way. With `sourcemap`, each file
 * gets a linked `.map` (mappings and names, no copy of the sources). Resolves with esbuild's
 * metafile: which input ended up in which output, and with how many bytes.
 */
export async function bundle(entries, outdir, plugins = [], { sourcemap = false } = {}) {
  await rm(`${outdir}/chunks`, { recursive: true, force: true });
  const { metafile } = await build({
    entryPoints: typeof entries === 'string' ? { index: entries } : entries,
    outdir,
    allowOverwrite: true,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    plugins,
    // Some bundled CommonJS dependencies call require(); an ES module has to create it.
    banner: { js: "import{createRequire as __req}from'node:module';const require=__req(import.meta.url);" },
  });
  return metafile;
}
