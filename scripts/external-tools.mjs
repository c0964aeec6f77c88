// The pinned outside tools the checks drive the server with, installed once into a cache directory
// outside the project (never into package.json or the lock): the MCP conformance suite, the MCP
// Inspector CLI, and Node 22 from the registry's `node` package (both need Node >= 22; the project
// runs on 20). Used by .ci/conformance and the interop suite (test/interop/global-setup.ts). Also
// one exact Node.js release on its own (`nodeRelease`: the install tests run the package on its
// minimum Node.js).
//
//   node scripts/external-tools.mjs        prints {"node": …, "conformance": …, "inspector": …}
//
// Cache: $PAPERSPACE_MCP_TOOLS_CACHE, else ~/.cache/paperspace-mcp-tools; one folder per set of
// versions, installed into a temporary folder and renamed into place, so concurrent runs never
// see half an install. Needs the npm registry the first time only.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PACKAGES = [
  '@modelcontextprotocol/conformance@0.2.0-alpha.12',
  '@modelcontextprotocol/inspector@2.12.0',
  'node@22.23.3',
];

const cacheRoot = process.env.PAPERSPACE_MCP_TOOLS_CACHE || join(homedir(), '.cache', 'paperspace-mcp-tools');
const dir = join(
  cacheRoot,
  PACKAGES.map((p) => p.replace(/^@modelcontextprotocol\//, '').replace('@', '-')).join('+'),
);

/** Paths of the tools inside an installed folder, or undefined when something is missing. */
function toolsIn(root) {
  const modules = join(root, 'node_modules');
  const node = join(modules, 'node', 'bin', 'node');
  let version = '';
  try {
    version = execFileSync(node, ['--version'], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
  const conformance = binOf(modules, '@modelcontextprotocol/conformance', 'conformance');
  const inspector = binOf(modules, '@modelcontextprotocol/inspector', 'mcp-inspector');
  if (!version.startsWith('v22.') || !conformance || !inspector) return undefined;
  return { node, conformance, inspector };
}

/** The script a package's `bin` entry names, if the package is there. */
function binOf(modules, name, command) {
  const manifest = join(modules, name, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  const script = join(modules, name, typeof bin === 'string' ? bin : bin?.[command]);
  return existsSync(script) ? script : undefined;
}

/** Installs `packages` into `target`; `usable(folder)` says whether an install is complete. */
async function install(target, packages, usable) {
  await mkdir(cacheRoot, { recursive: true });
  const staging = await mkdtemp(`${target}.installing-`);
  try {
    await writeFile(join(staging, 'package.json'), '{"name":"paperspace-mcp-tools","private":true}\n');
    // node@22's preinstall script fetches the platform's Node binary and links bin/node to it.
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--no-package-lock',
        '--ignore-scripts=false',
        '--loglevel=error',
        ...packages,
      ],
      { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (!usable(staging))
      throw new Error(`the install of ${packages.join(', ')} in ${staging} is incomplete`);
    await rename(staging, target).catch(async (error) => {
      // Another run put the same versions in place first: use those.
      if (!usable(target)) throw error;
      await rm(staging, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export async function externalTools() {
  if (!toolsIn(dir)) {
    process.stderr.write(`external tools: installing ${PACKAGES.join(', ')} into ${dir}\n`);
    await install(dir, PACKAGES, toolsIn);
  }
  return toolsIn(dir);
}

/** The binary of exactly Node.js `version` (e.g. 20.3.0) from the registry's `node` package. */
export async function nodeRelease(version) {
  const target = join(cacheRoot, `node-${version}`);
  const binaryIn = (root) => {
    const node = join(root, 'node_modules', 'node', 'bin', 'node');
    try {
      return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() === `v${version}`
        ? node
        : undefined;
    } catch {
      return undefined;
    }
  };
  if (!binaryIn(target)) {
    process.stderr.write(`external tools: installing node@${version} into ${target}\n`);
    await install(target, [`node@${version}`], binaryIn);
  }
  return binaryIn(target);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await externalTools())}\n`);
}
