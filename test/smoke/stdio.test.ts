import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { DIST_ENTRY, spawnServer } from '../helpers/spawn.js';

describe('built binary over stdio', () => {
  it.each(['legacy', 'modern'] as const)('--sandbox serves tools and answers calls (%s era)', async (era) => {
    const server = await spawnServer(['--sandbox', '--toolsets', 'all'], {}, era);
    try {
      const { tools } = await server.client.listTools();
      expect(tools).toHaveLength(OPERATIONS.length);
      const result = await server.client.callTool({ name: 'auth_session_get', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ user: { email: 'ada@example.com' } });
      expect(server.stderr()).toMatch(/SANDBOX/);
    } finally {
      await server.close();
    }
  });

  it('starts without a key, lists tools, and answers calls with an error naming the variable', async () => {
    const server = await spawnServer([], { PAPERSPACE_API_URL: 'http://127.0.0.1:9/v1' });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.length).toBeGreaterThan(10);
      const result = await server.client.callTool({ name: 'machines_list', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toMatch(/PAPERSPACE_API_KEY/);
    } finally {
      await server.close();
    }
  });

  it('--help documents every flag and env var; a bad flag exits 2 with a message', () => {
    const help = execFileSync(process.execPath, [DIST_ENTRY, '--help'], { encoding: 'utf8' });
    for (const word of [
      '--sandbox',
      '--toolsets',
      '--tools',
      '--exclude-tools',
      '--read-only',
      '--confirm',
      '--timeout',
      'PAPERSPACE_API_KEY',
      'PAPERSPACE_API_URL',
      'PAPERSPACE_MCP_CONFIRM',
    ]) {
      expect(help).toContain(word);
    }
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [DIST_ENTRY, '--toolsets', 'nope'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/Unknown toolset\(s\): nope\. Valid toolsets:/);
  });
});
