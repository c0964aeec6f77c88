// Runs a module of src/ from a script (the build, the README generator, the benchmark): esbuild
// bundles it into a temporary file, which is imported. No emitted copy of src/ is needed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;

/** The exports of `path` (relative to the repository root, e.g. 'src/tools/registry/all-rows.ts'). */
export async function loadSource(path) {
  const dir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-src-'));
  const outfile = join(dir, 'module.mjs');
  try {
    await build({
      entryPoints: [join(ROOT, path)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
      banner: { js: "import{createRequire as __req}from'node:module';const require=__req(import.meta.url);" },
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
