import type { RedactScope } from '../secrets.js';
import { jsonLine, MAX_MESSAGE_CHARS, said, term } from '../untrusted.js';

/**
 * Errors of the Paperspace client. Every failure of a call is one of these: an `ApiError` subclass
 * per HTTP status carrying the API's `{code, message, details}`, or a transport error
 * (`ConnectionError`, `TimeoutError`), or `MissingApiKeyError`. Messages never contain the API key.
 */
export class PaperspaceError extends Error {
  override readonly name: string = 'PaperspaceError';
}

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends PaperspaceError {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds the API asked us to wait (Retry-After), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export class BadRequestError extends ApiError {
  override readonly name = 'BadRequestError';
}
export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError';
}
export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
}
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
}
export class MethodNotSupportedError extends ApiError {
  override readonly name = 'MethodNotSupportedError';
}
export class RequestTimeoutError extends ApiError {
  override readonly name = 'RequestTimeoutError';
}
export class ConflictError extends ApiError {
  override readonly name = 'ConflictError';
}
export class PreconditionFailedError extends ApiError {
  override readonly name = 'PreconditionFailedError';
}
export class PayloadTooLargeError extends ApiError {
  override readonly name = 'PayloadTooLargeError';
}
export class RateLimitError extends ApiError {
  override readonly name = 'RateLimitError';
}
export class ServerError extends ApiError {
  override readonly name = 'ServerError';
}

type ApiErrorClass = new (
  status: number,
  code: string,
  message: string,
  details?: unknown,
  retryAfterSeconds?: number,
) => ApiError;

const BY_STATUS: Record<number, ApiErrorClass> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  405: MethodNotSupportedError,
  408: RequestTimeoutError,
  409: ConflictError,
  412: PreconditionFailedError,
  413: PayloadTooLargeError,
  429: RateLimitError,
};

/** Default codes for statuses whose body did not carry one (the API's tRPC-style names). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  499: 'CLIENT_CLOSED_REQUEST',
  500: 'INTERNAL_SERVER_ERROR',
};

/** The codes this server names itself: bare in prose, any other code the API sends is quoted. */
const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(CODE_BY_STATUS));
/** Longest `details` of an API error shown in prose. */
const MAX_DETAILS_CHARS = 1_000;

/**
 * An API error in the server's prose: status and code, then the API's message quoted as data
 * (`the API said: "…"`) and its details as one line of JSON. Both pass the secret filter first,
 * with `scope` (the call's own secret values, which an API may echo), before they are cut.
 */
export function describeApiError(error: ApiError, scope?: RedactScope): string {
  const head = `Paperspace API error ${error.status} ${term(error.code, KNOWN_CODES)}; ${said('the API', error.message, MAX_MESSAGE_CHARS, scope)}.`;
  return error.details === undefined
    ? head
    : `${head} Details: ${jsonLine(error.details, MAX_DETAILS_CHARS, scope)}.`;
}

export function apiErrorFor(
  status: number,
  body: Partial<ApiErrorBody>,
  retryAfterSeconds?: number,
): ApiError {
  const Class = BY_STATUS[status] ?? (status >= 500 ? ServerError : ApiError);
  const code = typeof body.code === 'string' ? body.code : (CODE_BY_STATUS[status] ?? `HTTP_${status}`);
  const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  return new Class(status, code, message, body.details, retryAfterSeconds);
}

/** The connection failed (refused, reset, DNS): the request may not have reached the API. */
export class ConnectionError extends PaperspaceError {
  override readonly name = 'ConnectionError';
  constructor(
    message: string,
    /** False only when the failure came before anything was sent (refused, no such host). */
    readonly maybeSent = true,
  ) {
    super(message);
  }
}

/** The answer was longer than the response cap: it was dropped unread (the request did reach the API). */
export class ResponseTooLargeError extends PaperspaceError {
  override readonly name = 'ResponseTooLargeError';
  constructor(
    message: string,
    readonly maxBytes: number,
    readonly status: number,
  ) {
    super(message);
  }
}

/** No answer within the timeout: for a non-idempotent call the API may or may not have acted. */
export class TimeoutError extends PaperspaceError {
  override readonly name = 'TimeoutError';
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
  }
}

/** The call was cancelled by the caller (e.g. the MCP request was cancelled). */
export class AbortedError extends PaperspaceError {
  override readonly name = 'AbortedError';
}

/** The call's arguments cannot make a request (a path id breaking the id rule): nothing was sent. */
export class InvalidArgumentError extends PaperspaceError {
  override readonly name = 'InvalidArgumentError';
}

export class MissingApiKeyError extends PaperspaceError {
  override readonly name = 'MissingApiKeyError';
  constructor() {
    super(
      'No Paperspace API key: set PAPERSPACE_API_KEY (or start with --sandbox to try the server without one).',
    );
  }
}
