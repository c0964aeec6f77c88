import { DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES } from '../config/client-defaults.js';
import { errorCode, isRecord, messageOf } from '../types/narrow.js';
import {
  AbortedError,
  ApiError,
  apiErrorFor,
  ConnectionError,
  MissingApiKeyError,
  type PaperspaceError,
  ResponseTooLargeError,
  TimeoutError,
} from './errors.js';
import { Pool, errors as undiciErrors } from './undici.js';

export { DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES };

export interface ClientOptions {
  /** Default key; a request may bring its own (multi-tenant HTTP). */
  apiKey?: string | undefined;
  baseUrl?: string;
  /** Per-attempt deadline: the whole answer, headers and body, must arrive within it. */
  timeoutMs?: number;
  /** Largest answer body read; beyond it the body is dropped and the call fails. */
  maxResponseBytes?: number;
  /** Retries after the first attempt, for idempotent methods only. */
  maxRetries?: number;
  /** First backoff step; doubles per retry, with full jitter. */
  retryBaseMs?: number;
  /** Longest wait honoured for a Retry-After; a longer one is returned to the caller instead. */
  maxRetryAfterMs?: number;
  /** Called before each retry (for logs); never receives the key. */
  onRetry?: (info: RetryInfo) => void;
}

/** What is known before a retry; never holds the key. */
export interface RetryInfo {
  method: string;
  /** Path below the base URL, without the query. */
  path: string;
  /** 1 for the first retry. */
  attempt: number;
  /** Retries this request may make at most. */
  maxRetries: number;
  delayMs: number;
  reason: string;
}

export interface ApiRequest {
  method: string;
  /** Path below the base URL, already encoded, e.g. `/machines/ps123`. */
  path: string;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Overrides the client's key for this request. */
  apiKey?: string | undefined;
  /** Called before each retry of this request, after the client's own `onRetry`. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

/** Methods whose repetition has the same effect as one call: the only ones ever re-sent. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * The one Paperspace API client: a keep-alive undici pool, per-attempt timeouts, bounded retries
 * with backoff, jitter and Retry-After for idempotent methods, and typed errors.
 */
export class PaperspaceClient {
  readonly baseUrl: string;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly onRetry: ClientOptions['onRetry'];

  constructor(options: ClientOptions = {}) {
    const url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
    this.baseUrl = url.toString().replace(/\/$/, '');
    this.basePath = url.pathname.replace(/\/$/, '');
    this.apiKey = options.apiKey || undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
    this.onRetry = options.onRetry;
    this.pool = new Pool(url.origin, { connections: 16, keepAliveTimeout: 30_000, pipelining: 1 });
  }

  async request<T = unknown>(req: ApiRequest): Promise<T> {
    const key = req.apiKey || this.apiKey;
    if (!key) throw new MissingApiKeyError();
    const method = req.method.toUpperCase();
    const retryable = IDEMPOTENT.has(method);
    const path = this.basePath + req.path + queryString(req.query);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.once(method, path, body, key, req.signal)) as T;
      } catch (error) {
        const delay = retryable && attempt < this.maxRetries ? this.retryDelay(error, attempt) : undefined;
        if (delay === undefined || req.signal?.aborted) throw scrub(error, key);
        const info: RetryInfo = {
          method,
          path: req.path,
          attempt: attempt + 1,
          maxRetries: this.maxRetries,
          delayMs: delay,
          reason: reasonOf(error),
        };
        this.onRetry?.(info);
        req.onRetry?.(info);
        await sleep(delay, req.signal);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * One attempt. A single deadline covers connecting, the headers and the whole body (an upstream
   * trickling bytes cannot stretch it), and the body is counted as it streams: past the cap it is
   * dropped, never buffered whole.
   */
  private async once(
    method: string,
    path: string,
    body: string | undefined,
    key: string,
    signal?: AbortSignal,
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    const attemptSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    const fail = (error: unknown) =>
      deadline.signal.aborted && !signal?.aborted
        ? new TimeoutError(`Paperspace did not answer within ${this.timeoutMs} ms.`, this.timeoutMs)
        : transportError(error, this.timeoutMs, signal);
    try {
      let res: Awaited<ReturnType<Pool['request']>>;
      try {
        res = await this.pool.request({
          method,
          path,
          headers,
          body,
          signal: attemptSignal,
          // undici's own idle timers (5 min by default) must not cut a longer deadline short.
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        });
      } catch (error) {
        throw fail(error);
      }
      let text: string;
      try {
        text = await this.readCapped(res);
      } catch (error) {
        if (error instanceof ResponseTooLargeError) throw error;
        throw fail(error);
      }
      const parsed = parseJson(text);
      if (res.statusCode >= 200 && res.statusCode < 300) return parsed ?? null;
      const errorBody: Record<string, unknown> = isRecord(parsed) ? parsed : {};
      if (!errorBody.message && text && !parsed) errorBody.message = text.slice(0, 300);
      throw apiErrorFor(res.statusCode, errorBody, retryAfterSeconds(res.headers['retry-after']));
    } finally {
      clearTimeout(timer);
    }
  }

  /** The body as text, counted as it streams; past `maxResponseBytes` the rest is never read. */
  private async readCapped(res: Awaited<ReturnType<Pool['request']>>): Promise<string> {
    const max = this.maxResponseBytes;
    const declared = Number(res.headers['content-length']);
    const tooLarge = () => {
      res.body.destroy();
      return new ResponseTooLargeError(
        `Paperspace answered with more than ${max} bytes (HTTP ${res.statusCode}); the answer was dropped. Ask for less (a smaller limit or a filter), or raise --max-response-bytes.`,
        max,
        res.statusCode,
      );
    };
    if (Number.isFinite(declared) && declared > max) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    // The body yields Buffers: no encoding is set on it.
    for await (const chunk of res.body) {
      const bytes: Buffer = chunk;
      size += bytes.length;
      if (size > max) throw tooLarge();
      chunks.push(bytes);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }

  /** Milliseconds to wait before the next attempt, or undefined when the error is not worth retrying. */
  private retryDelay(error: unknown, attempt: number): number | undefined {
    if (error instanceof ApiError) {
      if (!RETRY_STATUSES.has(error.status)) return undefined;
      if (error.retryAfterSeconds !== undefined) {
        const ms = error.retryAfterSeconds * 1000;
        return ms <= this.maxRetryAfterMs ? ms : undefined;
      }
    } else if (!(error instanceof ConnectionError || error instanceof TimeoutError)) {
      return undefined;
    }
    const cap = Math.min(this.retryBaseMs * 2 ** attempt, 5_000);
    return Math.round(cap / 2 + Math.random() * (cap / 2));
  }
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    params.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfterSeconds(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/** Failures while connecting: the request cannot have reached the API. */
const BEFORE_SENDING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function transportError(error: unknown, timeoutMs: number, signal?: AbortSignal): PaperspaceError {
  if (signal?.aborted) return new AbortedError('The request was cancelled.');
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new TimeoutError(`Paperspace did not answer within ${timeoutMs} ms.`, timeoutMs);
  }
  const code = errorCode(error);
  const detail = code ?? messageOf(error);
  return new ConnectionError(
    `Could not reach the Paperspace API (${detail}).`,
    code === undefined || !BEFORE_SENDING.has(code),
  );
}

function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return `HTTP ${error.status}`;
  return error instanceof Error ? error.name : 'error';
}

/** Belt and braces: an error message never carries the key, whatever the API echoed. */
function scrub(error: unknown, key: string): unknown {
  if (error instanceof Error && key && error.message.includes(key)) {
    error.message = error.message.split(key).join('[redacted]');
  }
  return error;
}

/** Resolves after `ms`, or rejects when the request is cancelled; its abort listener goes with it. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('The request was cancelled.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
