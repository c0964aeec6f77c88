import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/config/options.js';
import { SEEDED_FILES } from '../../src/sandbox/seed/digits-sample.js';
import { testClient } from '../helpers/test-client.js';
import { sandboxSession } from './session.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const MCPB = join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');

interface Manifest {
  server: { mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  user_config: Record<string, { type: string; sensitive?: boolean; required?: boolean; default?: unknown }>;
}

/**
 * What a host does with the manifest: `${__dirname}` and `${user_config.x}` replaced by values,
 * or by the option's default when the user left it unset.
 */
function substitute(text: string, dir: string, values: Record<string, unknown>, manifest: Manifest): string {
  return text
    .replaceAll(`\${__dirname}`, dir)
    .replace(/\$\{user_config\.(\w+)\}/g, (_, key: string) =>
      String(values[key] ?? manifest.user_config[key]?.default),
    );
}

describe('the MCP Bundle (npm run mcpb)', () => {
  let dir = '';
  let unpacked = '';
  let manifest: Manifest;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-bundle-'));
    const bundle = join(dir, 'paperspace-mcp.mcpb');
    await run(process.execPath, [join(ROOT, 'scripts', 'mcpb.mjs'), bundle]);
    unpacked = join(dir, 'unpacked');
    await run(process.execPath, [MCPB, 'unpack', bundle, unpacked]);
    manifest = JSON.parse(await readFile(join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
  }, 120_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes mcpb validate', async () => {
    const { stdout } = await run(process.execPath, [MCPB, 'validate', join(unpacked, 'manifest.json')]);
    expect(stdout).toMatch(/validation passes/i);
  });

  it('offers the settings the table marks for the bundle, each as the variable of the same setting', () => {
    const offered = OPTIONS.filter((o) => o.bundle);
    expect(Object.keys(manifest.user_config).sort()).toEqual(offered.map((o) => o.bundle?.id).sort());
    expect(manifest.server.mcp_config.env).toEqual(
      Object.fromEntries(offered.map((o) => [o.env, `\${user_config.${o.bundle?.id}}`])),
    );
    expect(manifest.user_config.api_key).toMatchObject({ type: 'string', sensitive: true, required: false });
    expect(manifest.user_config.toolsets).toMatchObject({ type: 'string', default: 'default' });
    expect(manifest.user_config.confirm).toMatchObject({ type: 'string', default: 'auto' });
    expect(manifest.user_config.sandbox).toMatchObject({ type: 'boolean', default: false });
    expect(manifest.user_config.files_root).toMatchObject({
      type: 'directory',
      default: '',
      required: false,
    });
    for (const field of Object.values(manifest.user_config)) expect(field.required).toBe(false);
  });

  /** Starts the bundle's server as the manifest says, from a folder with no package of the project. */
  const start = (values: Record<string, unknown>, download?: string) => {
    const { command, args, env } = manifest.server.mcp_config;
    return sandboxSession(
      command === 'node' ? process.execPath : command,
      args.map((a) => substitute(a, unpacked, values, manifest)),
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v, unpacked, values, manifest)])),
      { cwd: dir, ...(download ? { download } : {}) },
    );
  };

  it('serves a sandbox session with the chosen options and no API key', async () => {
    await stat(join(unpacked, 'server', 'index.js'));
    const session = await start({ toolsets: 'default,projects', read_only: true, sandbox: true });
    expect(session.tools).toEqual(expect.arrayContaining(['machines_list', 'projects_list']));
    expect(session.tools).not.toContain('machines_delete');
    expect(session.tools).not.toContain('projects_create');
    expect(session.machines).toMatchObject({ items: expect.arrayContaining([expect.anything()]) });
  });

  it("downloads the sandbox's dataset files into the chosen files folder", async () => {
    const session = await start({ sandbox: true, files_root: dir }, dir);
    expect(session.downloaded).toEqual(SEEDED_FILES);
  });

  it('with neither a key nor Sandbox, says so in one line and still lists the tools', async () => {
    const { command, args, env } = manifest.server.mcp_config;
    const transport = new StdioClientTransport({
      command: command === 'node' ? process.execPath : command,
      args: args.map((a) => substitute(a, unpacked, {}, manifest)),
      env: {
        PATH: process.env.PATH ?? '',
        ...Object.fromEntries(
          Object.entries(env).map(([k, v]) => [k, substitute(v, unpacked, {}, manifest)]),
        ),
      },
      stderr: 'pipe',
      cwd: dir,
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const { client } = testClient('bundle');
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      const call = await client.callTool({ name: 'auth_session_get', arguments: {} });
      expect(call.isError).toBe(true);
    } finally {
      await client.close();
    }
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'warn',
      msg: 'No API key: set PAPERSPACE_API_KEY, or add --sandbox to try the simulated API. Tools are listed; calls fail until then.',
    });
  });

  it('passes a blank field as unset, also when the host passes the placeholder itself', async () => {
    const { command, args, env } = manifest.server.mcp_config;
    const placeholders = Object.fromEntries(Object.entries(env));
    const session = await sandboxSession(
      command === 'node' ? process.execPath : command,
      args.map((a) => substitute(a, unpacked, {}, manifest)),
      { ...placeholders, PAPERSPACE_MCP_SANDBOX: 'true' },
      { cwd: dir },
    );
    expect(session.tools).toContain('machines_list');
  });
});
