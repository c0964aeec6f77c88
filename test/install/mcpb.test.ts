import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('asks for the API key as a sensitive field, with toolsets and confirm mode as options', () => {
    expect(manifest.user_config.api_key).toMatchObject({ type: 'string', sensitive: true });
    expect(manifest.user_config.toolsets).toMatchObject({ type: 'string', default: 'default' });
    expect(manifest.user_config.confirm).toMatchObject({ type: 'string', default: 'auto' });
    expect(manifest.server.mcp_config.env).toMatchObject({
      PAPERSPACE_API_KEY: `\${user_config.api_key}`,
      PAPERSPACE_MCP_TOOLSETS: `\${user_config.toolsets}`,
      PAPERSPACE_MCP_CONFIRM: `\${user_config.confirm}`,
    });
  });

  it('serves a sandbox session, started as the manifest says, with the chosen options', async () => {
    await stat(join(unpacked, 'server', 'index.js'));
    const values = {
      api_key: 'any',
      toolsets: 'default,projects',
      confirm: 'auto',
      read_only: true,
      sandbox: true,
    };
    const { command, args, env } = manifest.server.mcp_config;
    const session = await sandboxSession(
      command === 'node' ? process.execPath : command,
      args.map((a) => substitute(a, unpacked, values, manifest)),
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v, unpacked, values, manifest)])),
    );
    expect(session.tools).toEqual(expect.arrayContaining(['machines_list', 'projects_list']));
    expect(session.tools).not.toContain('machines_delete');
    expect(session.tools).not.toContain('projects_create');
    expect(session.machines).toMatchObject({ items: expect.arrayContaining([expect.anything()]) });
  });

  it('offers a files folder (a directory, empty by default) that becomes the files root', async () => {
    expect(manifest.user_config.files_root).toMatchObject({
      type: 'directory',
      default: '',
      required: false,
    });
    expect(manifest.server.mcp_config.env.PAPERSPACE_MCP_FILES_ROOT).toBe(`\${user_config.files_root}`);
    const { command, args, env } = manifest.server.mcp_config;
    const values = { api_key: 'any', sandbox: true, files_root: dir };
    const session = await sandboxSession(
      command === 'node' ? process.execPath : command,
      args.map((a) => substitute(a, unpacked, values, manifest)),
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v, unpacked, values, manifest)])),
    );
    expect(session.tools).toContain('datasets_versions_files_get');
  });
});
