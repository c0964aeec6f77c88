import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LEGACY_PROTOCOL_VERSIONS } from '../../src/server-info.js';
import { DIST_ENTRY, spawnServer } from '../helpers/spawn.js';

/** The built server on raw pipes, so the test sees every line it writes, duplicates included. */
function rawServer(args: string[] = []) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [DIST_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '', PAPERSPACE_API_URL: 'http://127.0.0.1:9/v1' },
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      lines.push(JSON.parse(buffer.slice(0, at)));
      buffer = buffer.slice(at + 1);
    }
  });
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const answerTo = async (id: number) => {
    for (let waited = 0; waited < 10_000; waited += 10) {
      const found = lines.find((line) => line.id === id);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no answer to request ${id}`);
  };
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, lines, send, answerTo, exited };
}

const initialize = (id: number, protocolVersion: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

describe('stdio entry answers initialize before the SDK has loaded', () => {
  it.each(LEGACY_PROTOCOL_VERSIONS)('answers %s exactly as the SDK does, once', async (version) => {
    // A ping first leaves the initialize to the SDK itself: that is the reference answer.
    const reference = rawServer();
    reference.send({ jsonrpc: '2.0', id: 0, method: 'ping' });
    reference.send(initialize(1, version));
    const fromSdk = await reference.answerTo(1);
    reference.child.stdin.end();

    const early = rawServer();
    early.send(initialize(1, version));
    const fromEntry = await early.answerTo(1);
    early.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    early.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const tools = (await early.answerTo(2)) as { result: { tools: unknown[] } };
    early.child.stdin.end();

    expect(fromEntry).toEqual(fromSdk);
    expect(fromEntry).toMatchObject({ result: { protocolVersion: version } });
    expect(tools.result.tools.length).toBeGreaterThan(10);
    expect(early.lines.filter((line) => line.id === 1)).toHaveLength(1);
    expect(await early.exited).toBe(0);
    expect(await reference.exited).toBe(0);
  });

  it('leaves a revision it does not know to the SDK, which negotiates', async () => {
    const server = rawServer();
    server.send(initialize(7, '1999-01-01'));
    const answer = await server.answerTo(7);
    server.child.stdin.end();
    expect(answer).toMatchObject({ result: { protocolVersion: LEGACY_PROTOCOL_VERSIONS[0] } });
    expect(server.lines.filter((line) => line.id === 7)).toHaveLength(1);
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

  it('exits when the host closes stdin, also with the sandbox listening', async () => {
    const server = rawServer(['--sandbox']);
    server.send(initialize(1, '2025-11-25'));
    await server.answerTo(1);
    server.child.stdin.end();
    expect(await server.exited).toBe(0);
  });
});
