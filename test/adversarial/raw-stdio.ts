import { type ChildProcess, spawn } from 'node:child_process';
import { DIST_ENTRY } from '../helpers/spawn.js';

/**
 * The built server over stdio, driven with hand-written JSON-RPC lines: for messages an SDK client
 * cannot serialise itself (JSON nested deeper than its own JSON.stringify can go).
 */
export interface RawStdio {
  /** Sends one raw line (a JSON-RPC request whose id is `id`) and resolves with the parsed answer. */
  request(id: number, line: string): Promise<Record<string, unknown>>;
  stderr(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  close(): Promise<void>;
}

export async function spawnRawStdio(args: string[]): Promise<RawStdio> {
  const child: ChildProcess = spawn(process.execPath, [DIST_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
      buffered = buffered.slice(newline + 1);
      waiting.get(message.id as number)?.(message);
    }
  });
  const request = (id: number, line: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      waiting.set(id, resolve);
      void exit.then(() => reject(new Error(`server exited before answering ${id}: ${stderr}`)));
      child.stdin?.write(`${line}\n`);
    });
  const init = {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  };
  await request(0, JSON.stringify(init));
  child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  return {
    request,
    stderr: () => stderr,
    alive: () => !exited,
    async close() {
      child.stdin?.end();
      await exit;
    },
  };
}

/** `{"a":{"a":…{}…}}` nested `depth` levels, written as text (no recursion, any depth). */
export const nestedObjectText = (depth: number) => `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
/** `[[[…]]]` nested `depth` levels, as text. */
export const nestedArrayText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A tools/call line whose `arguments` JSON is given as text. */
export const toolCallLine = (id: number, name: string, argumentsText: string) =>
  `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":${JSON.stringify(name)},"arguments":${argumentsText}}}`;
