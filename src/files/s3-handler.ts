import type { Readable } from 'node:stream';
import { pipeline, Transform } from 'node:stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { isRecord } from '../types/narrow.js';
import { type EndpointRule, guardedAgents, type Resolve } from './endpoint-guard.js';
import { StorageBodyError, StorageTimeoutError } from './storage-errors.js';

/** How far this server lets one storage provider hold it: deadlines, body bounds, where it connects. */
export interface StorageLimits extends EndpointRule {
  /**
   * Deadline of each storage request (--timeout): to connect, for the answer's headers (except
   * uploads, whose bodies take as long as they take), for any silence on the socket, and for the
   * whole body of every answer that is not a download.
   */
  timeoutMs: number;
}

type HandleOptions = NonNullable<Parameters<NodeHttpHandler['handle']>[1]>;
type HttpRequest = Parameters<NodeHttpHandler['handle']>[0];

/** Per request: how much of the body is read, and whether it is a download (no whole-body deadline). */
export interface BoundedOptions extends HandleOptions {
  /** Bytes read of the body at most; one more fails it. Default MAX_ANSWER_BYTES. */
  maxBodyBytes?: number;
  /** A download: its body streams for as long as it moves (the idle deadline still holds). */
  download?: boolean;
}

/**
 * Listings, errors and multipart answers are XML read whole by the S3 client: a page of 1,000 keys
 * of the longest kind is under 2 MiB, so a longer answer is a flood, refused while it streams.
 */
/** Hears of a storage request that can change something, before it goes out: its method and path. */
export type OnStorageSend = (method: string, path: string) => void;

export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * The S3 client's request handler: Node's, with every connection through the endpoint rule, and
 * every answer bounded in time and size while it streams. `onSend` hears of every request that
 * can change something (anything but GET and HEAD) before it goes out.
 */
export function boundedHandler(limits: StorageLimits, onSend?: OnStorageSend, resolve?: Resolve) {
  const ms = limits.timeoutMs;
  const inner = new NodeHttpHandler({
    ...guardedAgents(limits, resolve),
    connectionTimeout: ms,
    socketTimeout: ms,
    throwOnRequestTimeout: true,
  });
  const send = inner.handle.bind(inner);
  const handle = async (request: HttpRequest, options: BoundedOptions = {}) => {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') onSend?.(method, request.path);
    const { maxBodyBytes = MAX_ANSWER_BYTES, download = false, ...rest } = options;
    const requestTimeout = rest.requestTimeout ?? (method === 'PUT' ? undefined : ms);
    const out = await send(request, { ...rest, ...(requestTimeout ? { requestTimeout } : {}) }).catch(
      (error: unknown) => {
        throw isTimeout(error) ? timeoutError(ms) : error;
      },
    );
    const { response } = out;
    // An error answer is XML to be read whole, whatever the request would have read.
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    const max = ok ? maxBodyBytes : MAX_ANSWER_BYTES;
    const declared = Number(response.headers['content-length'] ?? Number.NaN);
    const body: Readable = response.body;
    if (method !== 'HEAD' && declared > max) {
      body.destroy();
      throw tooLong(max);
    }
    response.body = bound(body, max, ms, !(ok && download));
    return out;
  };
  // The S3 client calls these on its handler; the rest is Node's handler as is.
  return Object.assign(inner, { handle });
}

const isTimeout = (error: unknown) =>
  isRecord(error) && error.name === 'TimeoutError' && !(error instanceof StorageTimeoutError);

const timeoutError = (ms: number) =>
  new StorageTimeoutError(
    `no answer within ${ms} ms (the deadline to connect, to answer and for any silence; --timeout). Nothing more was read.`,
  );

const wholeTimeout = (ms: number) =>
  new StorageTimeoutError(
    `its answer did not arrive whole within ${ms} ms (--timeout). Nothing more was read.`,
  );

const tooLong = (max: number) =>
  new StorageBodyError(
    `its answer is longer than the ${max} bytes this server reads of it, so it was dropped.`,
  );

/**
 * The body, failing at `max + 1` bytes, after `ms` of silence and, when `whole`, when it has not
 * ended within `ms`; either way the connection is closed and nothing more is read.
 */
function bound(body: Readable, max: number, ms: number, whole: boolean): Readable {
  let seen = 0;
  const out = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(tooLong(max));
      else callback(null, chunk);
    },
  });
  // Registered before pipeline's own listener, so the consumer sees this server's message.
  body.once('error', (error) => {
    if (isTimeout(error)) out.destroy(timeoutError(ms));
  });
  const timer = whole ? setTimeout(() => out.destroy(wholeTimeout(ms)), ms) : undefined;
  pipeline(body, out, () => clearTimeout(timer));
  return out;
}
