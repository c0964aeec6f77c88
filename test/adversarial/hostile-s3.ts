import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A hostile S3 peer on loopback: a real HTTP server speaking just enough of path-style S3
 * (ListObjects v1, HEAD and GET object, PUT, DeleteObjects) for the file tools, whose answers a
 * test sets: it lies about sizes, floods, trickles, stalls and fails. It records every request
 * and how many body bytes its answer got out before the client stopped reading.
 */
export interface S3Request {
  method: string;
  /** Path below the bucket, decoded: the object key ("" for the bucket itself). */
  key: string;
  query: URLSearchParams;
  /** Body bytes its answer wrote so far (into the socket: the client may not have read them all). */
  written: number;
}

export interface Answer {
  /** What HEAD says an object's size is (undefined: 404). */
  head?: (key: string) => number | undefined;
  /** The body of a GET: a fixed buffer, or `bytes` produced in 1 MiB chunks (Infinity: endless). */
  get?: (key: string) => Buffer | { bytes: number; declared?: number };
  /** The keys of one ListObjects call, and whether to say there is more (and the next marker). */
  list?: (
    prefix: string,
    marker: string,
    maxKeys: number,
  ) => { keys: Array<{ key: string; size: number }>; truncated?: boolean; nextMarker?: string };
  /** Sends headers, then one byte of body every `everyMs` (GET), without end. */
  trickle?: { everyMs: number; declared: number };
  /** Accepts and never answers. */
  stall?: boolean;
  /** Status for requests that change something (PUT, POST, DELETE); default 200. */
  writeStatus?: number;
}

export interface HostileS3 {
  endpoint: string;
  /** The next requests' answers. */
  behave(answer: Answer): void;
  requests: S3Request[];
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(1024 * 1024, 0x61);

export async function startHostileS3(): Promise<HostileS3> {
  let answer: Answer = {};
  const requests: S3Request[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => respond(req, res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function respond(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://peer');
    const [, , ...rest] = url.pathname.split('/');
    const request: S3Request = {
      method: req.method ?? 'GET',
      key: decodeURIComponent(rest.join('/')),
      query: url.searchParams,
      written: 0,
    };
    requests.push(request);
    const count = (n: number) => {
      request.written += n;
    };
    if (answer.stall) return;
    if (request.method === 'HEAD') {
      const size = answer.head?.(request.key);
      if (size === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': size, etag: '"e"', 'last-modified': new Date(0).toUTCString() });
      return void res.end();
    }
    if (request.method !== 'GET') {
      const status = answer.writeStatus ?? 200;
      if (status !== 200)
        return xml(res, status, '<Error><Code>InternalError</Code><Message>no</Message></Error>');
      if (url.searchParams.has('delete')) return xml(res, 200, '<DeleteResult></DeleteResult>');
      res.writeHead(200, { etag: '"e"' });
      return void res.end();
    }
    if (request.key === '') return list(res, url.searchParams, count);
    if (answer.trickle) return trickle(res, answer.trickle, count);
    const body = answer.get?.(request.key);
    if (body === undefined)
      return xml(res, 404, '<Error><Code>NoSuchKey</Code><Message>none</Message></Error>');
    if (Buffer.isBuffer(body)) {
      res.writeHead(200, { 'content-length': body.length });
      count(body.length);
      return void res.end(body);
    }
    res.writeHead(200, body.declared === undefined ? {} : { 'content-length': body.declared });
    flood(res, body.bytes, count);
  }

  function list(res: ServerResponse, query: URLSearchParams, count: (n: number) => void) {
    const page = answer.list?.(
      query.get('prefix') ?? '',
      query.get('marker') ?? '',
      Number(query.get('max-keys') ?? 1000),
    ) ?? {
      keys: [],
    };
    res.writeHead(200, { 'content-type': 'application/xml' });
    const head = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><IsTruncated>${page.truncated === true}</IsTruncated>${page.nextMarker ? `<NextMarker>${page.nextMarker}</NextMarker>` : ''}`;
    const parts = function* () {
      yield head;
      let batch = '';
      for (const { key, size } of page.keys) {
        batch += `<Contents><Key>${key}</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"e"</ETag><Size>${size}</Size></Contents>`;
        if (batch.length > 64 * 1024) {
          yield batch;
          batch = '';
        }
      }
      yield `${batch}</ListBucketResult>`;
    };
    pump(res, parts(), count);
  }

  return {
    endpoint: await listen(server),
    behave(next) {
      answer = next;
    },
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function xml(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** `bytes` bytes in 1 MiB chunks, waiting for the reader (stops when the client goes away). */
function flood(res: ServerResponse, bytes: number, count: (n: number) => void) {
  let left = bytes;
  const chunks = function* () {
    while (left > 0) {
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      yield chunk;
    }
  };
  pump(res, chunks(), count);
}

function pump(res: ServerResponse, parts: Iterator<string | Buffer>, count: (n: number) => void) {
  const next = () => {
    while (!res.destroyed) {
      const part = parts.next();
      if (part.done) return void res.end();
      count(Buffer.byteLength(part.value));
      if (!res.write(part.value)) return void res.once('drain', next);
    }
  };
  next();
}

function trickle(
  res: ServerResponse,
  how: { everyMs: number; declared: number },
  count: (n: number) => void,
) {
  res.writeHead(200, { 'content-length': how.declared });
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    count(1);
    res.write('x');
  }, how.everyMs);
  res.on('close', () => clearInterval(timer));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
