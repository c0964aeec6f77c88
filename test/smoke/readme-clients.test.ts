import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { describe, expect, it } from 'vitest';
import { testClient } from '../helpers/test-client.js';

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The README's code blocks of one language, each with the bold client name written above it. */
function blocks(language: string): { client: string; code: string }[] {
  const out: { client: string; code: string }[] = [];
  for (const match of README.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))) {
    const before = README.slice(0, match.index);
    const client = [...before.matchAll(/\*\*([^*]+)\*\*/g)].at(-1)?.[1] ?? '';
    out.push({ client, code: match[1] as string });
  }
  return out;
}

/** What a user puts in: the clone's path, a key. */
const filled = (text: string) =>
  text
    .replaceAll('/path/to/paperspace-mcp', ROOT)
    .replaceAll('your-key', 'readme-test-key')
    .replaceAll(`\${input:paperspace-key}`, 'readme-test-key');

/** Every server entry of the README's JSON snippets (Claude Desktop and Cursor, VS Code). */
function jsonLaunches(): [string, Launch][] {
  return blocks('json').flatMap(({ client, code }) => {
    const config = JSON.parse(code) as Record<string, Record<string, Partial<Launch> & { type?: string }>>;
    const servers = config.mcpServers ?? config.servers ?? {};
    return Object.entries(servers).map(([name, s]): [string, Launch] => [
      `${client}: ${name}`,
      {
        command: s.command ?? '',
        args: (s.args ?? []).map(filled),
        env: JSON.parse(filled(JSON.stringify(s.env ?? {}))),
      },
    ]);
  });
}

/** Every `claude mcp add … -- command args` line of the README (stdio). */
function claudeCodeLaunches(): [string, Launch][] {
  const lines = blocks('sh').flatMap(({ code }) =>
    code.split('\n').filter((l) => l.startsWith('claude mcp add ')),
  );
  return lines.map((line): [string, Launch] => {
    const [options = '', command = ''] = filled(line).split(' -- ');
    const env = Object.fromEntries(
      [...options.matchAll(/--env (\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    const [program = '', ...args] = command.trim().split(/\s+/);
    return [line, { command: program, args, env }];
  });
}

/** Starts `launch` as a host would and returns what it answered to initialize and tools/list. */
async function started(launch: Launch) {
  const transport = new StdioClientTransport({
    command: launch.command === 'node' ? process.execPath : launch.command,
    args: launch.args,
    env: { PATH: process.env.PATH ?? '', ...launch.env },
    stderr: 'ignore',
  });
  const { client } = testClient('readme');
  await client.connect(transport);
  try {
    return { server: client.getServerVersion()?.name, tools: (await client.listTools()).tools.length };
  } finally {
    await client.close();
  }
}

/** The client set-ups the README shows: they parse, and the servers they start answer. */
describe("the README's client configurations", () => {
  const json = jsonLaunches();
  const claude = claudeCodeLaunches();

  it('are there for Claude Desktop (and Cursor), VS Code and Claude Code, and parse', () => {
    expect(json.map(([name]) => name)).toEqual(['Claude Desktop: paperspace', 'VS Code: paperspace']);
    expect(README).toMatch(/\*\*Cursor\*\*[^*]+the Claude Desktop\s+block above, unchanged/);
    expect(claude).toHaveLength(2);
    for (const [, launch] of [...json, ...claude]) {
      expect(launch.command).toBe('node');
      expect(launch.args[0]).toBe(join(ROOT, 'dist', 'index.js'));
    }
  });

  it.each([...json, ...claude])('%s starts a server that answers initialize', async (_name, launch) => {
    expect(await started(launch)).toEqual({ server: 'paperspace-mcp', tools: expect.any(Number) });
  });
});
