import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3Error } from './errors.js';
import { document } from './xml.js';

// How the emulator reads S3 requests and writes S3 answers: bodies, ranges, metadata, errors.

/** A percent-encoded path or query part, decoded; S3's InvalidURI when it is not valid. */
export function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

export const contentTypeOf = (req: IncomingMessage) =>
  String(req.headers['content-type'] ?? 'binary/octet-stream');

export function metadataOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') out[name.slice(11)] = value;
  }
  return out;
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range within `size`; undefined for none. */
export function rangeOf(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [start, end] =
    match[1] === ''
      ? [Math.max(0, size - Number(match[2])), size - 1]
      : [Number(match[1]), match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)];
  if (start >= size || start > end) {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable.');
  }
  return { start, end };
}

/** The body, at most `limit` bytes: a longer one is refused as soon as it passes the limit. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const tooLarge = () =>
    new S3Error(
      400,
      'EntityTooLarge',
      `Your proposed upload exceeds the sandbox's S3 room of ${Math.max(0, limit)} bytes.`,
    );
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** Holds the body to its signed sha256 and its Content-MD5, when they are given. */
export function checked(body: Buffer, payloadHash: string, req: IncomingMessage): Buffer {
  if (/^[0-9a-f]{64}$/.test(payloadHash) && createHash('sha256').update(body).digest('hex') !== payloadHash) {
    throw new S3Error(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const md5 = req.headers['content-md5'];
  if (typeof md5 === 'string' && createHash('md5').update(body).digest('base64') !== md5) {
    throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  return body;
}

export function send(res: ServerResponse, status: number, xml?: string, type?: string): void {
  if (xml === undefined) {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
    return;
  }
  res.writeHead(status, {
    'content-type': type ?? 'application/xml',
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
}

export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: S3Error,
  requestId: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A refused body may still be arriving: answer, then close rather than read the rest.
  if (!req.complete) res.setHeader('connection', 'close');
  const resource = error.resource.key ?? error.resource.bucket;
  const xml = document(
    'Error',
    { Code: error.code, Message: error.message, Resource: resource, RequestId: requestId },
    false,
  );
  if (req.method === 'HEAD') {
    res.writeHead(error.status, { 'content-length': 0 });
    res.end();
  } else {
    send(res, error.status, xml);
  }
  if (!req.complete) res.once('finish', () => req.socket.destroy());
}
