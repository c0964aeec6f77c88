import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runToExit } from '../helpers/process.js';
import { DIST_ENTRY, spawnServer } from '../helpers/spawn.js';
import { hasScript, runInTerminal } from '../helpers/terminal.js';

/** What a person sees when they start the server by hand in a terminal, and what a host sees. */
describe.skipIf(!hasScript)('in a terminal', () => {
  it('says in one plain sentence that it waits for an MCP client, and Ctrl+C stops it', async () => {
    const run = runInTerminal(['--sandbox']);
    const sentence = await run.waitFor(/paperspace-mcp: .*waiting for an MCP client.*\n/);
    expect(sentence).toMatch(/speaks MCP on stdin\/stdout/);
    expect(sentence).toMatch(/sandbox: simulated API at http:\/\/127\.0\.0\.1:\d+\/v1/);
    expect(sentence).toMatch(/press Ctrl\+C to stop/);
    // No JSON log lines for a person.
    expect(run.output()).not.toMatch(/^\{/m);
    run.type('\x03');
    expect(await run.exited).not.toBe(0);
  });

  it('a bad toolset is one plain sentence listing the valid toolsets, and exit code 2', async () => {
    const run = runInTerminal(['--sandbox', '--toolsets', 'gpus']);
    expect(await run.exited).toBe(2);
    const shown = run.output();
    expect(shown).toMatch(
      /^paperspace-mcp: error: Unknown toolset\(s\): gpus\. Valid toolsets: all, default, auth, machines, .*\n$/,
    );
    expect(shown).not.toMatch(/SANDBOX|"level"/);
  });

  it('a bad flag value names the allowed values in plain text', async () => {
    const run = runInTerminal(['--confirm', 'maybe']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(
      /^paperspace-mcp: error: Invalid --confirm: expected one of "auto", "strict", "off"/,
    );
  });
});

describe('without a terminal (a host, a log collector)', () => {
  it('logs stay JSON lines and the waiting sentence is not printed', async () => {
    const s = await spawnServer(['--sandbox'], {});
    try {
      // A call is served by the full server, so start-up (and its log lines) is over by then.
      await s.client.callTool({ name: 'machines_list', arguments: {} });
      const lines = s.stderr().trim().split('\n');
      expect(s.stderr()).toMatch(/SANDBOX/);
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      expect(s.stderr()).not.toMatch(/waiting for an MCP client/);
    } finally {
      await s.close();
    }
  });

  it('a switch set to a word it does not take stops the server, naming the variable and the words', async () => {
    for (const name of ['PAPERSPACE_MCP_READ_ONLY', 'PAPERSPACE_MCP_SANDBOX']) {
      const { code, stderr } = await runToExit([], { [name]: 'enabled' });
      expect(code, name).toBe(2);
      const entry = JSON.parse(stderr.trim()) as { level: string; msg: string };
      expect(entry).toMatchObject({
        level: 'error',
        msg: `Invalid ${name}: "enabled" is not a boolean; use one of 1, 0, true, false, yes, no, on, off (any case).`,
      });
    }
  });

  it('a PAPERSPACE_ variable it does not read is named in a warning, with the nearest one', async () => {
    const s = await spawnServer(['--sandbox'], { PAPERSPACE_MCP_READONLY: 'yes' });
    try {
      await s.client.callTool({ name: 'machines_list', arguments: {} });
      expect(s.stderr()).toContain(
        'PAPERSPACE_MCP_READONLY (did you mean PAPERSPACE_MCP_READ_ONLY?) is not a setting of paperspace-mcp and is ignored.',
      );
    } finally {
      await s.close();
    }
  });

  it('a bad toolset stays a JSON error line with the valid toolsets', async () => {
    const { code, stderr } = await runToExit(['--toolsets', 'gpus']);
    expect(code).toBe(2);
    const entry = JSON.parse(stderr.trim()) as { level: string; msg: string };
    expect(entry.level).toBe('error');
    expect(entry.msg).toMatch(/Unknown toolset\(s\): gpus\. Valid toolsets: all, default/);
  });
});

describe('a bad tool selection or an open bind without a token fails before anything starts, prints or answers', () => {
  const initialize = `${JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'host', version: '1' } },
  })}\n`;

  it.each([
    ['--toolsets', 'gpus', /Unknown toolset\(s\): gpus/],
    ['--tools', 'machines_explode', /Unknown tool\(s\): machines_explode/],
    ['--exclude-tools', 'nope', /Unknown tool\(s\): nope/],
    ['--host', '0.0.0.0', /Refusing to listen on 0\.0\.0\.0 without a bearer token/],
  ])('%s %s, over stdio and HTTP, with the sandbox', async (flag, value, message) => {
    const cases = flag === '--host' ? [['--http', '--port', '0']] : [[], ['--http', '--port', '0']];
    for (const transport of cases) {
      const child = spawn(process.execPath, [DIST_ENTRY, '--sandbox', ...transport, flag, value], {
        env: { PATH: process.env.PATH ?? '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      // A host sends initialize at once; it must not be answered.
      child.stdin.on('error', () => {});
      child.stdin.write(initialize);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, transport.join(' ')).toBe(2);
      expect(stdout, transport.join(' ')).toBe('');
      const lines = stderr.trim().split('\n');
      expect(lines, transport.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  });
});
