import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './errors.js';
import { decode } from './wire.js';

/**
 * Checks an AWS Signature Version 4 `Authorization` header as S3 does, so the sandbox refuses a
 * storage provider whose keys are wrong just as a real bucket would. Header signing only (what
 * S3 clients send); a presigned URL or an anonymous request is refused.
 */
export interface SignedRequest {
  method: string;
  /** The request target as received: path (still percent-encoded) and query. */
  url: string;
  headers: IncomingHttpHeaders;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/s3\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const [key, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [encode(decode(key)), encode(decode(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const raw = headers[name];
  const text = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * The access key of a correctly signed request. `secretOf` gives an access key's secret (undefined:
 * unknown key). Throws the S3 error a real bucket would answer.
 */
export function verifySignature(
  request: SignedRequest,
  payloadHash: string,
  secretOf: (accessKey: string) => string | undefined,
): string {
  const match = AUTH.exec(headerValue(request.headers, 'authorization'));
  if (!match)
    throw new S3Error(403, 'AccessDenied', 'Access Denied (a SigV4 Authorization header is required).');
  const [, accessKey = '', day = '', region = '', signedHeaders = '', signature = ''] = match;
  const secret = secretOf(accessKey);
  if (secret === undefined) {
    throw new S3Error(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate.startsWith(day)) {
    throw new S3Error(403, 'AccessDenied', 'The credential date does not match the request date.');
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host')) throw new S3Error(403, 'AccessDenied', 'The host header must be signed.');
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = at < 0 ? '' : request.url.slice(at + 1);
  const canonical = [
    request.method,
    path,
    canonicalQuery(query),
    ...names.map((name) => `${name}:${headerValue(request.headers, name)}`),
    '',
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    throw new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return accessKey;
}
