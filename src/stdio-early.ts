import { PassThrough, type Readable } from 'node:stream';
import {
  ANNOUNCED_CAPABILITIES,
  INSTRUCTIONS,
  LEGACY_PROTOCOL_VERSIONS,
  SERVER_INFO,
} from './server-info.js';

/** The part of the SDK's stdio transport the hand-over needs. */
interface Wire {
  send(message: unknown, options?: unknown): Promise<void>;
}

export interface EarlyStart {
  /** What the SDK's transport reads instead of stdin: what was read so far, then the rest of stdin. */
  input: Readable;
  /** Makes the SDK's transport drop its own answer to the `initialize` that was already answered. */
  handOver(wire: Wire): void;
}

/**
 * Waits for the host's first message on stdin and, when it is a 2025-era `initialize`, answers it
 * at once with the same result the SDK server gives, so the host has a working server before the
 * SDK and the tool schemas have even loaded. Nothing else is answered here.
 */
export function answerInitializeEarly(): Promise<EarlyStart> {
  const stdin = process.stdin;
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    const finish = (answeredId?: string | number) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
      const input = new PassThrough();
      if (chunks.length > 0) input.write(Buffer.concat(chunks));
      if (stdin.readableEnded) input.end();
      else stdin.pipe(input);
      resolve({
        input,
        handOver(wire) {
          if (answeredId === undefined) return;
          const send = wire.send.bind(wire);
          let swallow = true;
          wire.send = (message, options) => {
            const id = (message as { id?: unknown }).id;
            if (swallow && id === answeredId) {
              swallow = false;
              return Promise.resolve();
            }
            return send(message, options);
          };
        },
      });
    };
    const onEnd = () => finish();
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      const newline = text.indexOf('\n');
      if (newline >= 0) finish(answer(text.slice(0, newline)));
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
  });
}

/** Writes the initialize result and returns the request id, or undefined to leave it to the SDK. */
function answer(line: string): string | number | undefined {
  let message: { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: { protocolVersion?: unknown } };
  try {
    message = JSON.parse(line);
  } catch {
    return undefined;
  }
  const { id, method, params } = message;
  const version = params?.protocolVersion;
  if (message.jsonrpc !== '2.0' || method !== 'initialize') return undefined;
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  if (typeof version !== 'string' || !LEGACY_PROTOCOL_VERSIONS.includes(version)) return undefined;
  const result = {
    protocolVersion: version,
    capabilities: ANNOUNCED_CAPABILITIES,
    serverInfo: SERVER_INFO,
    instructions: INSTRUCTIONS,
  };
  process.stdout.write(`${JSON.stringify({ result, jsonrpc: '2.0', id })}\n`);
  return id;
}
