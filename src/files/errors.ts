import { isRecord } from '../types/narrow.js';
import { MAX_MESSAGE_CHARS, quoted, said, term } from '../untrusted.js';

/**
 * A file operation that cannot go ahead, with a message the agent can act on. The registrar reports
 * its message as is (it never carries a key or a secret); text from the API or the bucket in it
 * is written with the one escape for upstream text.
 */
export class FilesError extends Error {
  override readonly name = 'FilesError';
  /**
   * The message itself says exactly what the call changed before it failed (all of it undone),
   * so the registrar's "the change may have been applied" line would be wrong.
   */
  readonly settled: boolean;
  constructor(message: string, options?: ErrorOptions & { settled?: boolean }) {
    super(message, options);
    this.settled = options?.settled === true;
  }
}

interface S3Failure {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The fields of a thrown S3 or socket error this module reads, those of the wrong type left out. */
function s3Failure(error: unknown): S3Failure {
  if (!isRecord(error)) return {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const metadata = isRecord(error.$metadata) ? error.$metadata.httpStatusCode : undefined;
  const httpStatusCode = typeof metadata === 'number' ? metadata : undefined;
  return {
    name: text(error.name),
    message: text(error.message),
    code: text(error.code),
    $metadata: { httpStatusCode },
  };
}

/** Error names this server reads bare; any other name (an S3 error code) a provider sends is quoted. */
const KNOWN_NAMES: ReadonlySet<string> = new Set([
  'Error',
  'TimeoutError',
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'NoSuchBucket',
  'NoSuchKey',
  'NotFound',
  'InternalError',
  'SlowDown',
  'ServiceUnavailable',
]);
/** Socket error codes, read bare; any other code is quoted (a provider's error body can set one). */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * What a failed S3 request (or a socket under it) said, as data: its name, code and status, then
 * the provider's message quoted (`the storage said: "…"`).
 */
export function failureText(error: unknown): string {
  const e = s3Failure(error);
  const status = e.$metadata?.httpStatusCode;
  const head = [
    term(e.name ?? 'Error', KNOWN_NAMES),
    ...(e.code ? [term(e.code, SOCKET_CODES)] : []),
    ...(status ? [`(HTTP ${status})`] : []),
  ].join(' ');
  if (!e.message) return head;
  return status
    ? `${head}; ${said('the storage', e.message, MAX_MESSAGE_CHARS)}`
    : `${head}: ${quoted(e.message, MAX_MESSAGE_CHARS)}`;
}

/** S3 and socket failures, phrased for the agent; the provider's keys never appear in them. */
export function describeS3Error(error: unknown, where: string): string {
  const e = s3Failure(error);
  const status = e.$metadata?.httpStatusCode;
  if (e.code === 'ENOTFOUND' || e.code === 'ECONNREFUSED' || e.name === 'TimeoutError') {
    return `Could not reach ${where}: ${e.code === undefined ? 'TimeoutError' : term(e.code, SOCKET_CODES)}.`;
  }
  if (status === 403 || e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch') {
    return `${where} refused the storage provider's credentials (${failureText(error)}): update them with storage_providers_update.`;
  }
  if (e.name === 'NoSuchBucket') return `${where}: the bucket does not exist.`;
  return `${where} failed: ${failureText(error)}.`;
}
