import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type AuthInfo,
  createMcpHandler,
  isLegacyRequest,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import { ConfigError } from '../../config/error.js';
import type { Config } from '../../config/index.js';
import { isLoopback, LOOPBACK_HOSTS } from '../../config/loopback.js';
import type { TenantEventBus } from '../../resources/tenant-events.js';
import { rememberSecret } from '../../secrets.js';
import type { CallerInfo } from '../../server.js';
import { LegacySessions } from './legacy-sessions.js';
import { BodyTooLargeError, readBodyCapped, sendJson, sendWebResponse, toWebRequest } from './node-fetch.js';
import { bearerMatches, checkHostAndOrigin, identityOf, parseHostHeader } from './security.js';

/** The header a caller puts its own Paperspace key in, with --per-request-key. */
export const PAPERSPACE_KEY_HEADER = 'x-paperspace-api-key';

export interface HttpOptions {
  host: string;
  port: number;
  /** Bearer token callers must present; required when the host is not loopback. */
  authToken?: string | undefined;
  /** Each caller brings its own Paperspace key in the X-Paperspace-Api-Key header. */
  perRequestKey: boolean;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  maxSessions: number;
  /** Cap on one caller's 2025-era sessions (a caller: the bearer token, or the per-request key). */
  maxSessionsPerCaller: number;
  /** Cap on the 2025-era sessions opened from one source address, whatever key they bring. */
  maxSessionsPerAddress: number;
  sessionIdleMs: number;
  /** Open TCP connections at most; more are closed at once. */
  maxConnections: number;
  /** Time for a request's headers to arrive (slow-header clients are cut off with 408). */
  headersTimeoutMs: number;
  /** Time for a whole request (headers and body) to arrive. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** The clock session idle times are measured with (default Date.now; tests move it). */
  clock?: () => number;
  /** Shared with the server factory, so tool calls can notify their caller's subscriptions/listen streams. */
  events?: TenantEventBus;
}

/**
 * The options the flags give, with the production limits: 1 MiB bodies, sessions idle 30 minutes,
 * 10 s for headers, 30 s for a whole request, idle keep-alive connections closed after 5 s.
 */
export function httpOptionsOf(config: Config, events?: TenantEventBus): HttpOptions {
  return {
    host: config.host,
    port: config.port,
    authToken: config.authToken,
    perRequestKey: config.perRequestKey,
    allowedHosts: config.allowedHosts,
    allowedOrigins: config.allowedOrigins,
    maxBodyBytes: 1024 * 1024,
    maxSessions: config.maxSessions,
    maxSessionsPerCaller: config.maxSessionsPerCaller,
    maxSessionsPerAddress: config.maxSessionsPerAddress,
    sessionIdleMs: 30 * 60_000,
    maxConnections: config.maxConnections,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5_000,
    ...(events ? { events } : {}),
  };
}

export interface HttpServerHandle {
  url: string;
  /** Stops accepting, lets in-flight calls finish (up to `graceMs`), then closes everything. */
  close(graceMs?: number): Promise<void>;
}

export type Logger = (entry: Record<string, unknown>) => void;

/** The JSON body, or undefined when there is none or it is not JSON (the SDK then answers the error). */
function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A call (POST) that takes this long is logged even when it succeeded. */
const SLOW_REQUEST_MS = 1_000;

/** A bad HTTP setting found when the listener starts: exits 2 like any configuration error. */
export class HttpConfigError extends ConfigError {
  override readonly name = 'HttpConfigError';
}

/**
 * Streamable HTTP on /mcp: 2026-07-28 requests on the SDK's stateless per-request handler (any
 * replica can answer), 2025-era clients on a sessionful leg (so they can be asked to confirm).
 * Secure by default: loopback bind, Host/Origin checks, bearer token beyond loopback, body cap.
 */
export async function startHttpServer(
  factory: McpServerFactory,
  options: HttpOptions,
  log: Logger,
): Promise<HttpServerHandle> {
  if (!isLoopback(options.host) && !options.authToken) {
    throw new HttpConfigError(
      `Refusing to listen on ${options.host} without a bearer token: set --auth-token or PAPERSPACE_MCP_AUTH_TOKEN (or bind 127.0.0.1).`,
    );
  }
  const allowedHosts = new Set(
    [...LOOPBACK_HOSTS, options.host, ...options.allowedHosts].map((h) => h.toLowerCase()),
  );
  const allowedOrigins = new Set([...LOOPBACK_HOSTS, ...options.allowedOrigins].map((h) => h.toLowerCase()));
  const modern = createMcpHandler(factory, {
    legacy: 'reject',
    ...(options.events ? { bus: options.events } : {}),
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (error) => log({ level: 'warn', msg: 'mcp error', error: error.message }),
  });
  const legacy = new LegacySessions(factory, {
    maxSessions: options.maxSessions,
    maxSessionsPerCaller: options.maxSessionsPerCaller,
    maxSessionsPerAddress: options.maxSessionsPerAddress,
    idleMs: options.sessionIdleMs,
    maxBodyBytes: options.maxBodyBytes,
    ...(options.clock ? { now: options.clock } : {}),
  });
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      sendJson(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
      return res.statusCode;
    }
    if (path !== '/mcp') return reject(res, 404, 'Not found: the MCP endpoint is /mcp');
    if (parseHostHeader(req.headers.host) === undefined) {
      return reject(res, 400, 'Bad Request: the Host header must be host[:port]');
    }
    const hostProblem = checkHostAndOrigin(req, allowedHosts, allowedOrigins);
    if (hostProblem) return reject(res, 403, `Forbidden: ${hostProblem}`);
    if (options.authToken && !bearerMatches(req.headers.authorization, options.authToken)) {
      return reject(res, 401, 'Unauthorized: send Authorization: Bearer <token>', {
        'www-authenticate': 'Bearer realm="paperspace-mcp"',
      });
    }
    const callerKey = header(req, PAPERSPACE_KEY_HEADER);
    // Every caller's key joins the values no output may carry, whoever's output it is.
    if (options.perRequestKey) rememberSecret(callerKey);
    if (options.perRequestKey && !callerKey) {
      return reject(
        res,
        401,
        `Unauthorized: send your Paperspace API key in the ${PAPERSPACE_KEY_HEADER} header`,
        {
          'www-authenticate': 'Bearer realm="paperspace-mcp"',
        },
      );
    }
    if (draining) return reject(res, 503, 'Shutting down', { connection: 'close' });
    let body: Buffer;
    try {
      body = await readBodyCapped(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return reject(res, 413, `Payload too large: the limit is ${options.maxBodyBytes} bytes`, {
          connection: 'close',
        });
      }
      throw error;
    }
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const request = toWebRequest(req, body, abort.signal);
    const info: CallerInfo =
      options.perRequestKey && callerKey
        ? { paperspaceKey: callerKey, caller: identityOf(callerKey) }
        : { caller: options.authToken ? identityOf(options.authToken) : '' };
    // Parsed once here and handed on, so the SDK neither clones the request nor parses it again.
    const parsedBody = parseJson(body);
    const authInfo: AuthInfo = { token: info.caller, clientId: info.caller, scopes: [], extra: { ...info } };
    const handle = async () =>
      (await isLegacyRequest(request, parsedBody, { maxRequestBodySize: options.maxBodyBytes }))
        ? await legacy.handle(request, authInfo, info.caller, req.socket.remoteAddress ?? '', parsedBody)
        : await modern.fetch(request, { authInfo, ...(parsedBody === undefined ? {} : { parsedBody }) });
    // A listen stream opened by this request subscribes as this caller (see TenantEventBus).
    const response = await (options.events ? options.events.within(info.caller, handle) : handle());
    await sendWebResponse(res, response);
    return response.status;
  }

  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, would blur them).
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, options.headersTimeoutMs / 2)),
    },
    (req, res) => {
      const started = Date.now();
      // Calls are POSTs; a GET is a listening stream that shutdown closes rather than waits for.
      const isCall = req.method === 'POST';
      if (isCall) inFlight++;
      route(req, res)
        .catch((error: unknown) => {
          log({
            level: 'error',
            msg: 'request failed',
            error: error instanceof Error ? error.message : String(error),
          });
          if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
          else res.end();
          return 500;
        })
        .then((status) => {
          // Refused, failed and slow requests only: a line per successful POST /mcp says nothing
          // an operator can use, and a synchronous write to a piped stderr costs each call about
          // a millisecond on a busy machine.
          const ms = Date.now() - started;
          if (status >= 400 || (isCall && ms >= SLOW_REQUEST_MS)) {
            log({
              level: status >= 500 ? 'error' : 'warn',
              msg: 'http',
              method: req.method,
              path: req.url,
              status,
              ms,
            });
          }
        })
        .finally(() => {
          if (isCall) inFlight--;
          if (draining && inFlight === 0) drained?.();
        });
    },
  );
  server.maxConnections = options.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  // Listening on a port (not a pipe): the address is a host and port.
  if (address === null || typeof address === 'string')
    throw new Error('The HTTP server is not listening on TCP.');
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}/mcp`,
    async close(graceMs = 10_000) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            drained = resolve;
          }),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      await legacy.close();
      await modern.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

function reject(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): number {
  sendJson(res, status, { jsonrpc: '2.0', error: { code: -32000, message }, id: null }, headers);
  return status;
}
