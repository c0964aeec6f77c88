// npm run mcpb [-- <output.mcpb>]: packs the built server (dist/) as an MCP Bundle for one-click
// install in Claude Desktop, with @anthropic-ai/mcpb (offline: the bundle has no dependencies to
// fetch, dist/ is self-contained). The manifest is written here from package.json so the version,
// description and keywords never drift; `mcpb validate` checks it before `mcpb pack` zips it.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
const output = resolve(process.argv[2] ?? join(ROOT, 'paperspace-mcp.mcpb'));
const MCPB = join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');

/** A value the host fills in when it starts the server (`${__dirname}`, `${user_config.x}`). */
const hostValue = (name) => `\${${name}}`;

/** The user's choices reach the server as the environment variables it already reads. */
export const manifest = {
  manifest_version: '0.3',
  name: pkg.name,
  display_name: 'Paperspace',
  version: pkg.version,
  description: pkg.description,
  long_description:
    'Every operation of the Paperspace public API as an MCP tool (machines, datasets, models, snapshots, ' +
    'projects, deployments and more). Destructive calls ask for confirmation first. Turn on Sandbox to ' +
    'try every tool against a built-in simulated API, with no account.',
  author: { name: 'paperspace-mcp contributors' },
  license: pkg.license,
  keywords: pkg.keywords,
  server: {
    type: 'node',
    entry_point: 'server/index.js',
    mcp_config: {
      command: 'node',
      args: [`${hostValue('__dirname')}/server/index.js`],
      env: {
        PAPERSPACE_API_KEY: `${hostValue('user_config.api_key')}`,
        PAPERSPACE_MCP_TOOLSETS: `${hostValue('user_config.toolsets')}`,
        PAPERSPACE_MCP_CONFIRM: `${hostValue('user_config.confirm')}`,
        PAPERSPACE_MCP_READ_ONLY: `${hostValue('user_config.read_only')}`,
        PAPERSPACE_MCP_SANDBOX: `${hostValue('user_config.sandbox')}`,
        PAPERSPACE_MCP_FILES_ROOT: `${hostValue('user_config.files_root')}`,
      },
    },
  },
  tools_generated: true,
  compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: pkg.engines.node } },
  user_config: {
    api_key: {
      type: 'string',
      title: 'Paperspace API key',
      description: 'From the Paperspace console, API keys page. With Sandbox on, any text will do.',
      sensitive: true,
      required: true,
    },
    toolsets: {
      type: 'string',
      title: 'Toolsets',
      description:
        'Comma-separated toolsets to expose: "default", "all", or e.g. "default,projects,deployments".',
      default: 'default',
      required: false,
    },
    confirm: {
      type: 'string',
      title: 'Confirmation mode',
      description:
        'Destructive calls: "auto" asks first, "strict" refuses when it cannot ask, "off" runs them.',
      default: 'auto',
      required: false,
    },
    read_only: {
      type: 'boolean',
      title: 'Read-only',
      description: 'Expose only the tools that read.',
      default: false,
      required: false,
    },
    sandbox: {
      type: 'boolean',
      title: 'Sandbox',
      description: 'Use a built-in simulated Paperspace API with demo data instead of your account.',
      default: false,
      required: false,
    },
    files_root: {
      type: 'directory',
      title: 'Files folder',
      description:
        'The only folder dataset file tools may read from and download to. Empty: no local files at all.',
      default: '',
      required: false,
    },
  },
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
