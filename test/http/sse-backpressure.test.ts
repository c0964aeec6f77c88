import { createServer, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendWebResponse } from '../../src/transports/http/node-fetch.js';

/**
 * A streamed answer (an SSE stream) to a client that reads slower than the server writes: each
 * write waits for the socket to drain, so what the server holds in memory stays near one chunk
 * however much the stream has to say; and every byte still arrives, in order.
 */

const CHUNK = 64 * 1024;
const CHUNKS = 256; // 16 MiB: far more than the socket buffers hold
const TOTAL = CHUNK * CHUNKS;

let server: ReturnType<typeof createServer>;
let url: URL;
/** The most bytes the response held in its own buffer at once. */
let highWater = 0;
let backpressured: () => void;
const firstBackpressure = new Promise<void>((resolve) => {
  backpressured = resolve;
});

/** An endless-looking producer: each pull hands out the next chunk at once. */
function stream(): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === CHUNKS) return controller.close();
      controller.enqueue(new Uint8Array(CHUNK).fill(sent % 251));
      sent++;
    },
  });
}

function watch(res: ServerResponse): void {
  const write = res.write.bind(res) as (chunk: Uint8Array) => boolean;
  res.write = ((chunk: Uint8Array) => {
    const ok = write(chunk);
    highWater = Math.max(highWater, res.writableLength);
    if (!ok) backpressured();
    return ok;
  }) as typeof res.write;
}

beforeAll(async () => {
  server = createServer((_req, res) => {
    watch(res);
    const response = new Response(stream(), { headers: { 'content-type': 'text/event-stream' } });
    void sendWebResponse(res, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('a slow reader does not make the server buffer the stream; every byte arrives', async () => {
  const socket = connect(Number(url.port), url.hostname);
  socket.pause(); // reads nothing until the server has felt the backpressure
  socket.write(`GET / HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
  await firstBackpressure;
  const received: Buffer[] = [];
  const ended = new Promise<void>((resolve) => socket.on('end', resolve));
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.resume();
  await ended;
  const raw = Buffer.concat(received);
  const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
  // Chunked transfer encoding frames the body: count only the payload bytes, in order.
  const payload = dechunk(body);
  expect(payload.length).toBe(TOTAL);
  for (let i = 0; i < CHUNKS; i++) expect(payload[i * CHUNK]).toBe(i % 251);
  // Near one chunk past the high-water mark, never the stream.
  expect(highWater).toBeLessThanOrEqual(CHUNK + 16 * 1024);
});

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
