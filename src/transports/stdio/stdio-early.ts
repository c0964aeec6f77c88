import { PassThrough, type Readable } from 'node:stream';
import {
  ANNOUNCED_CAPABILITIES,
  INSTRUCTIONS,
  LEGACY_PROTOCOL_VERSIONS,
  SERVER_INFO,
} from '../../server-info.js';
import { prototypeKeyPath } from './stdio-guard.js';

/** The part of the SDK's stdio transport the hand-over needs. */
interface Wire {
  send(message: unknown, options?: unknown): Promise<void>;
}

export interface EarlyStart {
  /**
   * Resolves when loading the SDK no longer delays an early answer: tools/list was answered, a
   * message came that only the SDK answers, stdin ended, or the host went quiet for a moment.
   * Loading blocks the one thread for a while, so it starts right after the answers, not before.
   */
  settled: Promise<void>;
  /**
   * Stops answering and returns what the SDK's transport reads instead of stdin: everything read
   * so far (answered or not), then the rest of stdin.
   */
  handOver(): Readable;
  /** Makes the SDK's transport drop its own answers to the requests that were already answered. */
  silence(wire: Wire): void;
}

type Id = string | number;

/** How long the host may stay silent before the SDK loads anyway (it sent no tools/list). */
const QUIET_MS = 15;
interface Message {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: { protocolVersion?: unknown; cursor?: unknown } | undefined;
}

/**
 * Answers a 2025-era host's `initialize` and then its `tools/list` from data (the server's identity
 * and the tool list prebuilt at build time), so the host has a usable server before the SDK and the
 * tool rows have even loaded. The answers are the SDK's own, byte for byte (a test holds them
 * equal); the SDK later reads the same messages (through the stdio guard, see stdio-guard.ts), and
 * its duplicate answers are dropped. The first message it would not answer ends early answering:
 * from there on the SDK answers everything, in order.
 */
export function answerEarly(toolList: string): EarlyStart {
  const stdin = process.stdin;
  const chunks: Buffer[] = [];
  const answered = new Set<Id>();
  let pending = '';
  let stage: 'initialize' | 'tools/list' | 'done' = 'initialize';
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  let quiet = setTimeout(settle, QUIET_MS);
  const finish = () => {
    stage = 'done';
    clearTimeout(quiet);
    settle();
  };

  // A function, so the compiler does not assume `answer` leaves the stage unchanged.
  const done = () => stage === 'done';
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    if (done()) return;
    pending += chunk.toString('utf8');
    for (let newline = pending.indexOf('\n'); newline >= 0 && !done(); ) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      answer(parse(line));
    }
    if (done()) finish();
  };

  function answer(message: Message | undefined): void {
    const id = message?.id;
    const requestId = typeof id === 'string' || typeof id === 'number' ? id : undefined;
    // A message with a __proto__ key is the stdio guard's to refuse once the SDK has taken over.
    if (message?.jsonrpc !== '2.0' || prototypeKeyPath(message.params) !== undefined) {
      stage = 'done';
    } else if (stage === 'initialize') {
      const version = message.params?.protocolVersion;
      const known = typeof version === 'string' && LEGACY_PROTOCOL_VERSIONS.includes(version);
      if (message.method !== 'initialize' || requestId === undefined || !known) {
        stage = 'done';
        return;
      }
      const result = {
        protocolVersion: version,
        capabilities: ANNOUNCED_CAPABILITIES,
        serverInfo: SERVER_INFO,
        instructions: INSTRUCTIONS,
      };
      send(requestId, JSON.stringify(result));
      stage = 'tools/list';
    } else if (message.method === 'notifications/initialized' && id === undefined) {
      // A notification: nothing to answer.
    } else if (message.method === 'tools/list' && requestId !== undefined && plainParams(message)) {
      send(requestId, toolList);
      stage = 'done';
    } else {
      stage = 'done';
    }
  }

  function send(id: Id, result: string): void {
    answered.add(id);
    clearTimeout(quiet);
    quiet = setTimeout(settle, QUIET_MS);
    process.stdout.write(`{"result":${result},"jsonrpc":"2.0","id":${JSON.stringify(id)}}\n`);
  }

  stdin.on('data', onData);
  stdin.once('end', finish);
  return {
    settled,
    handOver() {
      finish();
      stdin.off('end', finish);
      stdin.off('data', onData);
      stdin.pause();
      const input = new PassThrough();
      if (chunks.length > 0) input.write(Buffer.concat(chunks));
      if (stdin.readableEnded) input.end();
      else stdin.pipe(input);
      return input;
    },
    silence(wire) {
      if (answered.size === 0) return;
      const send = wire.send.bind(wire);
      wire.send = (message, options) => {
        const id =
          message !== null && typeof message === 'object' && 'id' in message ? message.id : undefined;
        if ((typeof id === 'string' || typeof id === 'number') && answered.delete(id))
          return Promise.resolve();
        return send(message, options);
      };
    },
  };
}

function parse(line: string): Message | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** tools/list without a cursor (there is one page) and with nothing the SDK would reject. */
function plainParams(message: Message): boolean {
  const params: unknown = message.params;
  if (params === undefined) return true;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return false;
  return Object.keys(params).every((key) => key === '_meta');
}
