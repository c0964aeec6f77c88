import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../loopback.js';
import { S3Error } from './errors.js';
import { listObjects } from './listing.js';
import { MAX_KEY_BYTES, ObjectStore } from './objects.js';
import { verifySignature } from './sigv4.js';
import { checked, contentTypeOf, decode, metadataOf, rangeOf, readBody, send, sendError } from './wire.js';
import { completedParts, deleteRequest, document } from './xml.js';

/**
 * An S3-compatible server in memory, on loopback, for the sandbox: path-style requests signed with
 * SigV4, the operations the dataset file tools use (ListObjects v1 and v2, HEAD/GET/PUT/DELETE of
 * an object, multipart create/upload-part/complete/abort, DeleteObjects), answered in S3's XML.
 * Memory is bounded by `maxBytes`. Anything else is refused with S3's NotImplemented.
 */
export interface S3EmulatorOptions {
  /** Bytes held in memory at most, objects and pending parts together (default 512 MiB). */
  maxBytes?: number;
}

export interface S3Emulator {
  /** Path-style endpoint, e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  readonly store: ObjectStore;
  /** Lets requests signed with this key pair in. */
  allowKeys(accessKey: string, secretAccessKey: string): void;
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
/** Largest XML request body (a DeleteObjects of 1000 long keys fits). */
const MAX_XML_BYTES = 2 * 1024 * 1024;
/** Query parameters that name no subresource: the SDK's operation hint. */
const IGNORED = new Set(['x-id']);

interface Request {
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  req: IncomingMessage;
}

export async function startS3Emulator(options: S3EmulatorOptions = {}): Promise<S3Emulator> {
  const store = new ObjectStore(options.maxBytes ?? DEFAULT_MAX_BYTES);
  const keys = new Map<string, string>();

  const server = createServer((req, res) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    handle(req, res).catch((error: unknown) => {
      const s3 =
        error instanceof S3Error
          ? error
          : new S3Error(500, 'InternalError', 'We encountered an internal error.');
      sendError(req, res, s3, requestId);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const at = url.indexOf('?');
    const [bucket = '', ...rest] = (at < 0 ? url : url.slice(0, at)).slice(1).split('/');
    const request: Request = {
      method: (req.method ?? 'GET').toUpperCase(),
      bucket: decode(bucket),
      key: decode(rest.join('/')),
      query: new URLSearchParams(at < 0 ? '' : url.slice(at + 1)),
      req,
    };
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD');
    if (
      payloadHash.startsWith('STREAMING-') ||
      /aws-chunked/i.test(String(req.headers['content-encoding']))
    ) {
      throw new S3Error(501, 'NotImplemented', "The sandbox's S3 does not take aws-chunked bodies.");
    }
    verifySignature({ method: request.method, url, headers: req.headers }, payloadHash, (k) => keys.get(k));
    if (request.bucket === '') throw notImplemented('Listing buckets');
    if (Buffer.byteLength(request.key) > MAX_KEY_BYTES) {
      throw new S3Error(400, 'KeyTooLongError', 'Your key is too long.');
    }
    const body = async (limit: number) => checked(await readBody(req, limit), payloadHash, req);
    if (request.key === '') return bucketOperation(request, res, body);
    return objectOperation(request, res, body);
  }

  async function bucketOperation(r: Request, res: ServerResponse, body: (limit: number) => Promise<Buffer>) {
    const sub = subresources(r.query, [
      'list-type',
      'prefix',
      'marker',
      'max-keys',
      'delimiter',
      'encoding-type',
      'continuation-token',
      'start-after',
      'fetch-owner',
      'delete',
    ]);
    if (r.method === 'PUT' && sub.length === 0) {
      store.createBucket(r.bucket);
      res.setHeader('location', `/${r.bucket}`);
      return send(res, 200);
    }
    if (!store.hasBucket(r.bucket)) {
      throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', { bucket: r.bucket });
    }
    if (r.method === 'HEAD' && sub.length === 0) return send(res, 200);
    if (r.method === 'GET' && !r.query.has('delete')) {
      return send(res, 200, listObjects(store, r.bucket, r.query), 'application/xml');
    }
    if (r.method === 'POST' && r.query.has('delete')) {
      const { keys: doomed, quiet } = deleteRequest((await body(MAX_XML_BYTES)).toString('utf8'));
      for (const key of doomed) store.delete(r.bucket, key);
      const deleted = quiet ? [] : doomed.map((Key) => ({ Key }));
      return send(res, 200, document('DeleteResult', { Deleted: deleted }), 'application/xml');
    }
    throw notImplemented(`${r.method} on a bucket`);
  }

  async function objectOperation(r: Request, res: ServerResponse, body: (limit: number) => Promise<Buffer>) {
    const { method, bucket, key, query } = r;
    const uploadId = query.get('uploadId');
    if (method === 'POST' && query.has('uploads') && subresources(query, ['uploads']).length === 0) {
      const id = store.startUpload(bucket, key, contentTypeOf(r.req), metadataOf(r.req));
      const result = document('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: id });
      return send(res, 200, result, 'application/xml');
    }
    if (uploadId !== null) {
      if (method === 'PUT' && query.has('partNumber')) {
        const part = await body(store.maxBytes - store.usedBytes);
        res.setHeader('etag', store.putPart(bucket, key, uploadId, Number(query.get('partNumber')), part));
        return send(res, 200);
      }
      if (method === 'POST') {
        const parts = completedParts((await body(MAX_XML_BYTES)).toString('utf8'));
        const etag = store.completeUpload(bucket, key, uploadId, parts);
        const location = `${endpoint}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
        const result = { Location: location, Bucket: bucket, Key: key, ETag: etag };
        return send(res, 200, document('CompleteMultipartUploadResult', result), 'application/xml');
      }
      if (method === 'DELETE') {
        store.abortUpload(bucket, key, uploadId);
        return send(res, 204);
      }
    }
    if (subresources(query, []).length > 0) throw notImplemented(`This ${method} request`);
    if (method === 'HEAD' || method === 'GET') return getObject(r, res);
    if (method === 'PUT') {
      if (r.req.headers['x-amz-copy-source'] !== undefined) throw notImplemented('Copying objects');
      const data = await body(store.maxBytes - store.usedBytes);
      res.setHeader('etag', store.put(bucket, key, data, contentTypeOf(r.req), metadataOf(r.req)));
      return send(res, 200);
    }
    if (method === 'DELETE') {
      store.delete(bucket, key);
      return send(res, 204);
    }
    throw notImplemented(`${method} on an object`);
  }

  function getObject({ method, bucket, key, req }: Request, res: ServerResponse): void {
    const object = store.get(bucket, key);
    const size = object.body.length;
    res.setHeader('etag', object.etag);
    res.setHeader('last-modified', object.lastModified.toUTCString());
    res.setHeader('accept-ranges', 'bytes');
    for (const [name, value] of Object.entries(object.metadata)) res.setHeader(`x-amz-meta-${name}`, value);
    const range = rangeOf(req.headers.range, size);
    if (range) res.setHeader('content-range', `bytes ${range.start}-${range.end}/${size}`);
    const slice = range ? object.body.subarray(range.start, range.end + 1) : object.body;
    res.writeHead(range ? 206 : 200, { 'content-type': object.contentType, 'content-length': slice.length });
    res.end(method === 'HEAD' ? undefined : slice);
  }

  const listening = await listenOnLoopback(server);
  const endpoint = `http://127.0.0.1:${listening.port}`;
  return {
    endpoint,
    store,
    allowKeys: (accessKey, secretAccessKey) => keys.set(accessKey, secretAccessKey),
    async close() {
      await listening.close();
    },
  };
}

/** Query keys other than the ones `allowed` here and the ignored hints. */
const subresources = (query: URLSearchParams, allowed: readonly string[]) =>
  [...query.keys()].filter((k) => !IGNORED.has(k) && !allowed.includes(k));

const notImplemented = (what: string) =>
  new S3Error(501, 'NotImplemented', `${what} is not implemented by the sandbox's S3.`);
