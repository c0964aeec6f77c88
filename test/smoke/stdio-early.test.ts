import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { LEGACY_PROTOCOL_VERSIONS } from '../../src/server-info.js';
import { TOOL_TABLE } from '../../src/tools/registry/prebuilt.js';
import { selectTools } from '../../src/tools/registry/selection.js';
import { toolListJson } from '../../src/tools/registry/tool-table.js';
import { DIST_ENTRY, spawnServer } from '../helpers/spawn.js';

/** The built server on raw pipes, so the test sees every line it writes, byte for byte, duplicates included. */
function rawServer(args: string[] = []) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [DIST_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', PAPERSPACE_API_URL: 'http://127.0.0.1:9/v1' },
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      lines.push(buffer.slice(0, at));
      buffer = buffer.slice(at + 1);
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  /** The raw line answering request `id`. */
  const answerTo = async (id: number): Promise<string> => {
    for (;;) {
      const found = lines.find((line) => (JSON.parse(line) as { id?: unknown }).id === id);
      if (found !== undefined) return found;
      const more = new Promise<void>((resolve) => waiters.push(resolve));
      if ((await Promise.race([more.then(() => 'data'), exited.then(() => 'exit')])) === 'exit') {
        throw new Error(`exited without answering request ${id}`);
      }
    }
  };
  const answersTo = (id: number) => lines.filter((line) => (JSON.parse(line) as { id?: unknown }).id === id);
  return { child, lines, send, answerTo, answersTo, exited };
}

const initialize = (id: number, protocolVersion: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
const toolsList = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/list' });

/** The tool list the sources compute for these flags: what the prebuilt table must hold. */
const expectedTools = (...args: string[]) =>
  toolListJson(selectTools(TOOL_TABLE.tools, TOOL_TABLE.toolsets, TOOL_TABLE.defaults, loadConfig(args, {})));

describe('stdio entry answers initialize and tools/list before the SDK has loaded', () => {
  it.each(LEGACY_PROTOCOL_VERSIONS)(
    'answers %s byte for byte as the SDK does, once each',
    async (version) => {
      // A ping first leaves everything to the SDK itself: that is the reference answer.
      const reference = rawServer(['--toolsets', 'all']);
      reference.send({ jsonrpc: '2.0', id: 0, method: 'ping' });
      reference.send(initialize(1, version));
      const sdkInit = await reference.answerTo(1);
      reference.send(initialized);
      reference.send(toolsList(2));
      const sdkList = await reference.answerTo(2);
      reference.child.stdin.end();

      const early = rawServer(['--toolsets', 'all']);
      early.send(initialize(1, version));
      const earlyInit = await early.answerTo(1);
      early.send(initialized);
      early.send(toolsList(2));
      const earlyList = await early.answerTo(2);
      // Served by the SDK once it has taken over: the early answers' duplicates must not show.
      early.send({ jsonrpc: '2.0', id: 3, method: 'ping' });
      await early.answerTo(3);
      early.child.stdin.end();
      expect(await early.exited).toBe(0);
      expect(await reference.exited).toBe(0);

      expect(earlyInit).toBe(sdkInit);
      expect(earlyList).toBe(sdkList);
      expect(JSON.parse(earlyInit)).toMatchObject({ result: { protocolVersion: version } });
      expect(earlyList).toBe(`{"result":${expectedTools('--toolsets', 'all')},"jsonrpc":"2.0","id":2}`);
      expect(early.answersTo(1)).toHaveLength(1);
      expect(early.answersTo(2)).toHaveLength(1);
    },
  );

  it('serves the selection the flags make, from the same table', async () => {
    const args = ['--toolsets', 'default,projects', '--read-only', '--exclude-tools', 'machines_get'];
    const server = rawServer(args);
    server.send(initialize(1, '2025-11-25'));
    server.send(initialized);
    server.send(toolsList(2));
    const list = await server.answerTo(2);
    server.child.stdin.end();
    expect(list).toBe(`{"result":${expectedTools(...args)},"jsonrpc":"2.0","id":2}`);
    expect(list).not.toContain('"machines_get"');
    expect(await server.exited).toBe(0);
  });

  it('a 2026-07-28 client gets the same tool definitions from the SDK', async () => {
    const server = rawServer(['--toolsets', 'all']);
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    server.send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } });
    const answer = JSON.parse(await server.answerTo(1)) as { result: { tools: unknown[] } };
    server.child.stdin.end();
    expect(`{"tools":${JSON.stringify(answer.result.tools)}}`).toBe(expectedTools('--toolsets', 'all'));
    expect(await server.exited).toBe(0);
  });

  it('checks the flags before answering anything: a bad toolset exits 2 with stdout empty', async () => {
    const server = rawServer(['--toolsets', 'machines,nope']);
    let stderr = '';
    server.child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    server.send(initialize(1, '2025-11-25'));
    expect(await server.exited).toBe(2);
    expect(server.lines).toEqual([]);
    expect(stderr).toMatch(/Unknown toolset\(s\): nope/);
  });

  it('leaves a revision it does not know to the SDK, which negotiates', async () => {
    const server = rawServer();
    server.send(initialize(7, '1999-01-01'));
    const answer = await server.answerTo(7);
    server.child.stdin.end();
    expect(JSON.parse(answer)).toMatchObject({ result: { protocolVersion: LEGACY_PROTOCOL_VERSIONS[0] } });
    expect(server.answersTo(7)).toHaveLength(1);
    expect(await server.exited).toBe(0);
  });

  it('hands the client capabilities to the SDK: a gated call asks the 2025 client over elicitation', async () => {
    const server = await spawnServer(['--sandbox'], {}, 'legacy', 'decline');
    try {
      const list = await server.client.callTool({ name: 'machines_list', arguments: {} });
      const id = (list.structuredContent as { items: { id: string }[] }).items[0]?.id;
      const result = await server.client.callTool({ name: 'machines_stop', arguments: { id } });
      expect(server.elicitations).toHaveLength(1);
      expect(server.elicitations[0]).toContain(String(id));
      expect(JSON.stringify(result.content)).toMatch(/nothing was changed/i);
    } finally {
      await server.close();
    }
  });

  it('leaves a message with a __proto__ key to the stdio guard: the same refusal, once, early or not', async () => {
    // Written as text: the key must reach the server as sent.
    const init = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"__proto__":{"x":1}},"clientInfo":{"name":"raw","version":"1"}}}`;
    const list = `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"_meta":{"__proto__":{}}}}`;
    const run = async (first: object | undefined, lines: string[], id: number) => {
      const server = rawServer();
      if (first) server.send(first);
      for (const line of lines) server.child.stdin.write(`${line}\n`);
      const answer = await server.answerTo(id);
      server.send({ jsonrpc: '2.0', id: 9, method: 'ping' });
      await server.answerTo(9);
      server.child.stdin.end();
      expect(await server.exited).toBe(0);
      expect(server.answersTo(id)).toHaveLength(1);
      return answer;
    };
    const ping = { jsonrpc: '2.0', id: 0, method: 'ping' };
    const initRefused = await run(undefined, [init], 1);
    expect(initRefused).toBe(await run(ping, [init], 1));
    expect(JSON.parse(initRefused)).toMatchObject({ error: { code: -32602 } });
    expect(initRefused).toContain('the key \\"__proto__\\" is refused');

    const plainInit = JSON.stringify(initialize(1, '2025-11-25'));
    const initializedLine = JSON.stringify(initialized);
    const listRefused = await run(undefined, [plainInit, initializedLine, list], 2);
    expect(listRefused).toBe(await run(ping, [plainInit, initializedLine, list], 2));
    expect(JSON.parse(listRefused)).toMatchObject({ error: { code: -32602 } });
  });

  it('exits when the host closes stdin, also with the sandbox listening', async () => {
    const server = rawServer(['--sandbox']);
    server.send(initialize(1, '2025-11-25'));
    await server.answerTo(1);
    server.child.stdin.end();
    expect(await server.exited).toBe(0);
  });
});
