// npm run mcpb [-- <output.mcpb>]: packs the built server (dist/) as an MCP Bundle for one-click
// install in Claude Desktop, with @anthropic-ai/mcpb (offline: the bundle has no dependencies to
// fetch, dist/ is self-contained). The manifest is written here from package.json and the table of
// options (src/config/options.ts: the ones with `bundle`) so the version, description, keywords and
// settings never drift; `mcpb validate` checks it before `mcpb pack` zips it.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSource } from './load-source.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
const output = resolve(process.argv[2] ?? join(ROOT, 'paperspace-mcp.mcpb'));
const MCPB = join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');

/** A value the host fills in when it starts the server (`${__dirname}`, `${user_config.x}`). */
const hostValue = (name) => `\${${name}}`;

const { OPTIONS } = await loadSource('src/config/options.ts');
const offered = OPTIONS.filter((o) => o.bundle);

/** Markdown code spans read as plain text in the install dialog. */
const plain = (markdown) => markdown.replace(/`([^`]*)`/g, '$1');

/** The install dialog's field for an option the table offers to the bundle; every field is optional. */
function field(option) {
  const { id, title, type, description, sensitive, default: initial } = option.bundle;
  const fallback =
    typeof option.fallback === 'string' || typeof option.fallback === 'number' ? String(option.fallback) : '';
  return [
    id,
    {
      type,
      title,
      description: plain(description ?? option.doc),
      ...(sensitive ? { sensitive: true } : {}),
      default: initial ?? (type === 'boolean' ? false : fallback),
      required: false,
    },
  ];
}

/** The user's choices reach the server as the environment variables of the same options. */
export const manifest = {
  manifest_version: '0.3',
  name: pkg.name,
  display_name: 'Paperspace',
  version: pkg.version,
  description: pkg.description,
  long_description:
    'Every operation of the Paperspace public API as an MCP tool (machines, datasets, models, snapshots, ' +
    'projects, deployments and more). Destructive calls ask for confirmation first. Turn on Sandbox to ' +
    'try every tool against a built-in simulated API, with no account and no API key.',
  author: { name: 'paperspace-mcp contributors' },
  license: pkg.license,
  keywords: pkg.keywords,
  server: {
    type: 'node',
    entry_point: 'server/index.js',
    mcp_config: {
      command: 'node',
      args: [`${hostValue('__dirname')}/server/index.js`],
      env: Object.fromEntries(offered.map((o) => [o.env, hostValue(`user_config.${o.bundle.id}`)])),
    },
  },
  tools_generated: true,
  compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: pkg.engines.node } },
  user_config: Object.fromEntries(offered.map(field)),
};

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const stage = await mkdtemp(join(tmpdir(), 'paperspace-mcp-mcpb-'));
  try {
    await cp(join(ROOT, 'dist'), join(stage, 'server'), { recursive: true });
    await cp(join(ROOT, 'LICENSE'), join(stage, 'LICENSE'));
    await writeFile(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const mcpb = (...args) => execFileSync(process.execPath, [MCPB, ...args], { stdio: 'inherit' });
    mcpb('validate', join(stage, 'manifest.json'));
    mcpb('pack', stage, output);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
