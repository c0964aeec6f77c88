import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { DIST_ENTRY } from '../helpers/spawn.js';
import type { Driver, ListedTool, ToolResult } from './driver.js';

/** Where the Inspector CLI connects: a server command it spawns per call, or an HTTP URL of one era. */
export type InspectorTarget =
  | { command: string[]; env: Record<string, string> }
  | { url: string; era: 'legacy' | 'modern' };

/**
 * The MCP Inspector CLI 2.12 (`mcp-inspector --cli`), run under Node 22 as the README's quick start
 * does: one process per call, which spawns the server over stdio or connects to the HTTP server.
 */
export function inspector(target: InspectorTarget): Driver {
  const run = async (args: string[]): Promise<Record<string, unknown>> => {
    const { node, inspector: cli } = inject('interop');
    const where =
      'url' in target
        ? [target.url, '--transport', 'http', '--protocol-era', target.era]
        : [...Object.entries(target.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), ...target.command];
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>(
      (resolve) => {
        execFile(
          node,
          [cli, '--cli', ...where, ...args, '--format', 'json'],
          { maxBuffer: 64 << 20 },
          (error, out, err) =>
            resolve({ stdout: out, stderr: err, code: typeof error?.code === 'number' ? error.code : 0 }),
        );
      },
    );
    const answer =
      stdout.trim() === '' ? undefined : (JSON.parse(stdout) as { result?: Record<string, unknown> });
    if (!answer?.result) throw new Error(`the Inspector exited ${code}: ${stderr.slice(-2000)}`);
    return answer.result;
  };
  return {
    listTools: async () => (await run(['--method', 'tools/list'])).tools as ListedTool[],
    call: async (name, args) =>
      (await run([
        '--method',
        'tools/call',
        '--tool-name',
        name,
        '--tool-args-json',
        JSON.stringify(args),
      ])) as unknown as ToolResult,
    readResource: async (uri) =>
      (await run(['--method', 'resources/read', '--uri', uri])).contents as Array<{
        uri: string;
        text?: string;
      }>,
    close: async () => {},
  };
}

/**
 * What lets a token from one Inspector process confirm in the next: a fixed signing secret, the
 * redeemed tokens in Redis (so the replay in a third process is refused), the sandbox account in a
 * state file. Returns the server command and its environment, and a cleanup.
 */
export async function stdioAcrossProcesses(redisUrl: string) {
  const dir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-interop-'));
  return {
    target: {
      command: [
        process.execPath,
        DIST_ENTRY,
        '--sandbox',
        '--sandbox-state',
        join(dir, 'sandbox.json'),
        '--toolsets',
        'all',
      ],
      env: {
        PAPERSPACE_MCP_SECRET: 'interop-signing-secret-0123456789',
        PAPERSPACE_MCP_REDIS_URL: redisUrl,
      },
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
