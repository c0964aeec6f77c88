import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A hostile stand-in for the Paperspace API on loopback: a real HTTP server whose behaviour a test
 * sets per request. It echoes what it was sent into error details, answers HTML, trickles, floods
 * and hangs, and records what it saw, including how many body bytes a response got out.
 */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Behaviour = (req: Seen, res: ServerResponse) => void;

export interface HostileUpstream {
  baseUrl: string;
  /** What the next requests get; defaults to a 200 `{}`. */
  behave(behaviour: Behaviour): void;
  seen: Seen[];
  /** Bytes written to response bodies, and whether the peer closed before the end. */
  writes: { bytes: number; aborted: boolean }[];
  close(): Promise<void>;
}

export async function startHostileUpstream(): Promise<HostileUpstream> {
  let behaviour: Behaviour = (_req, res) => json(res, 200, {});
  const seen: Seen[] = [];
  const writes: HostileUpstream['writes'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      const record = { bytes: 0, aborted: false };
      writes.push(record);
      const write = res.write.bind(res);
      res.write = ((chunk: string | Buffer, ...rest: unknown[]) => {
        record.bytes += Buffer.byteLength(chunk);
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof res.write;
      res.on('close', () => {
        if (!res.writableFinished) record.aborted = true;
      });
      behaviour(entry, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    behave(next) {
      behaviour = next;
    },
    seen,
    writes,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// ---- behaviours -----------------------------------------------------------------------------------

/** A JSON error whose `details`, `message` and `code` repeat the request: headers and body. */
export const echoError =
  (status: number): Behaviour =>
  (req, res) =>
    json(res, status, {
      code: `E_${String(req.headers.authorization)}`,
      message: `rejected ${req.method} ${req.url} with ${req.body} (${String(req.headers.authorization)})`,
      details: { headers: req.headers, body: safeParse(req.body), raw: req.body, url: req.url },
    });

/** An HTML error page (a proxy's) that prints the request headers and body. */
export const htmlError =
  (status: number): Behaviour =>
  (req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(
      `<html><body><h1>${status}</h1><pre>Authorization: ${String(req.headers.authorization)}\n${JSON.stringify(req.headers)}\n${req.body}</pre></body></html>`,
    );
  };

/** A 200 whose body is what was sent, echoed as a field the output schemas do not expect. */
export const echoSuccess: Behaviour = (req, res) =>
  json(res, 200, { id: 'x', echoed: { headers: req.headers, body: safeParse(req.body) } });

/** Headers at once, then one byte every `everyMs`, never finishing within any sane timeout. */
export const trickle =
  (everyMs: number): Behaviour =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    const timer = setInterval(() => {
      if (res.destroyed) clearInterval(timer);
      else res.write(' ');
    }, everyMs);
    res.on('close', () => clearInterval(timer));
  };

/** A 200 JSON body of `bytes` bytes, streamed in 64 kB chunks as fast as the peer reads. */
export const flood =
  (bytes: number, declareLength = false): Behaviour =>
  (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(declareLength ? { 'content-length': String(bytes) } : {}),
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = bytes;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };

/** Never answers. */
export const hang: Behaviour = () => {};

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
