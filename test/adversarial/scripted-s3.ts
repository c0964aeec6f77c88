import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An S3-compatible peer on loopback whose answers a test scripts: a real HTTP server speaking just enough of S3's
 * path-style API (ListObjects, HEAD, GET, PUT, DeleteObjects) for the file tools, whose object
 * keys, error codes and error messages a test sets to whatever it wants to see reach the agent.
 */
export interface S3Fault {
  status: number;
  code: string;
  message: string;
}

export interface ScriptedS3 {
  endpoint: string;
  /** Objects of the one bucket, by key. */
  objects: Map<string, Buffer>;
  /** Answers matching requests with an S3 error document instead (until `reset`). */
  fail(
    match: (req: { method: string; key: string; query: URLSearchParams }) => boolean,
    fault: S3Fault,
  ): void;
  /** Every key a DeleteObjects names is refused with this error entry. */
  refuseDeletes(fault: Omit<S3Fault, 'status'>): void;
  /** Drops the faults and the delete refusal. */
  reset(): void;
  close(): Promise<void>;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const errorDocument = (fault: S3Fault) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${xml(fault.code)}</Code><Message>${xml(fault.message)}</Message></Error>`;

export async function startScriptedS3(bucket: string): Promise<ScriptedS3> {
  const objects = new Map<string, Buffer>();
  const faults: Array<{ match: Parameters<ScriptedS3['fail']>[0]; fault: S3Fault }> = [];
  let deleteFault: Omit<S3Fault, 'status'> | undefined;
  const etag = '"0123456789abcdef0123456789abcdef"';

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const [, first = '', ...rest] = url.pathname.split('/');
    if (decodeURIComponent(first) !== bucket) {
      return send(res, 404, errorDocument({ status: 404, code: 'NoSuchBucket', message: 'no' }));
    }
    const key = rest.map(decodeURIComponent).join('/');
    const method = req.method ?? 'GET';
    const fault = faults.find((f) => f.match({ method, key, query: url.searchParams }));
    if (fault) return send(res, fault.fault.status, method === 'HEAD' ? '' : errorDocument(fault.fault));
    if (method === 'GET' && key === '') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const marker = url.searchParams.get('marker') ?? '';
      const listed = [...objects.entries()]
        .filter(([k]) => k.startsWith(prefix) && k > marker)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(
          ([k, v]) =>
            `<Contents><Key>${xml(k)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>${etag}</ETag><Size>${v.length}</Size></Contents>`,
        );
      return send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><IsTruncated>false</IsTruncated>${listed.join('')}</ListBucketResult>`,
      );
    }
    if (method === 'POST' && url.searchParams.has('delete')) {
      const keys = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1] ?? '');
      const errors = deleteFault
        ? keys.map(
            (k) =>
              `<Error><Key>${k}</Key><Code>${xml(deleteFault?.code ?? '')}</Code><Message>${xml(deleteFault?.message ?? '')}</Message></Error>`,
          )
        : [];
      return send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?><DeleteResult>${errors.join('')}</DeleteResult>`,
      );
    }
    const object = objects.get(key);
    if (method === 'PUT') {
      objects.set(key, body);
      return send(res, 200, '', { etag });
    }
    if (!object) {
      return send(
        res,
        404,
        method === 'HEAD' ? '' : errorDocument({ status: 404, code: 'NoSuchKey', message: 'no' }),
      );
    }
    const headers = {
      'content-type': 'application/octet-stream',
      'content-length': String(object.length),
      'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
      etag,
    };
    res.writeHead(200, headers);
    res.end(method === 'HEAD' ? undefined : object);
  };

  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    fail(match, fault) {
      faults.push({ match, fault });
    },
    refuseDeletes(fault) {
      deleteFault = fault;
    },
    reset() {
      faults.length = 0;
      deleteFault = undefined;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
