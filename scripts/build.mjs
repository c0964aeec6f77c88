// npm run build: computes the model-facing tool table from the operation rows, then bundles the
// server with that table in place of src/tools/registry/prebuilt.ts. The bundle answers tools/list with
// bytes fixed at build time and never converts a schema at run time. dist/ is the whole package:
// the bin (index.js), the importable module (lib.js), their chunks and source maps, and
// THIRD_PARTY_NOTICES for the code inlined from other packages.
import { chmod, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { bundle } from './bundle.mjs';
import { loadSource } from './load-source.mjs';
import { noticesOf } from './notices.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = `${ROOT}dist`;

const { TOOL_TABLE } = await loadSource('src/tools/registry/prebuilt.ts');

/** Swaps the module that computes the table for one that holds it as data. */
const prebuiltTable = {
  name: 'prebuilt-tool-table',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]tools[\\/]registry[\\/]prebuilt\.ts$/ }, () => ({
      contents: `export const TOOL_TABLE = ${JSON.stringify(TOOL_TABLE)};`,
      loader: 'js',
    }));
  },
};

await rm(DIST, { recursive: true, force: true });
const metafile = await bundle(
  { server: `${ROOT}src/index.ts`, lib: `${ROOT}src/lib.ts` },
  DIST,
  [prebuiltTable],
  { sourcemap: true },
);
// dist/index.js (the bin) only checks the Node.js version, then loads dist/server.js.
await copyFile(`${ROOT}scripts/node-guard.js`, `${DIST}/index.js`);
await chmod(`${DIST}/index.js`, 0o755);
const { name } = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8'));
const notices = noticesOf(metafile, name);
await writeFile(`${DIST}/THIRD_PARTY_NOTICES`, notices.text);
console.error(
  `dist/server.js: ${TOOL_TABLE.tools.length} tools in the prebuilt table; THIRD_PARTY_NOTICES: ${notices.count} packages`,
);
