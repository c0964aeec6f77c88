import { randomUUID } from 'node:crypto';
import {
  type AuthInfo,
  type McpServer,
  type McpServerFactory,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import { SessionEventStore } from './session-events.js';

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  caller: string;
  /** The source address that opened it. */
  address: string;
  lastSeen: number;
  /** Calls (POST) of this session not yet answered in full. */
  calls: number;
  /** Listening streams (GET) of this session still open. */
  streams: number;
}

export interface LegacySessionOptions {
  maxSessions: number;
  maxSessionsPerCaller: number;
  /** Cap on the sessions opened from one source address, whoever the caller (junk keys included). */
  maxSessionsPerAddress: number;
  idleMs: number;
  maxBodyBytes: number;
  /** The clock idle times are measured with (tests move it instead of waiting). */
  now?: () => number;
}

/** How long a client waits before it reconnects a stream the server closed. */
const RETRY_INTERVAL_MS = 1000;

/** How long a refused client is told to wait: a session becomes idle when its calls end. */
const RETRY_AFTER_SECONDS = '5';

/**
 * The sessionful leg for 2025-era clients: one server instance per MCP session, so the server can
 * send them requests (elicitation for the confirmation gate). Sessions are capped in total, per
 * caller (so one caller cannot take every slot) and per source address (so fresh keys from one
 * address cannot either), belong to the caller that opened them, and expire when idle.
 *
 * Most clients never close their sessions (no DELETE), so a caller at its cap gets a new session
 * in place of its own least recently used idle one: a session with a request in progress (a call,
 * or an open listening stream) is never cut. With none idle, 429 and Retry-After. The address cap
 * only ever closes a session of the same caller, never another's.
 */
export class LegacySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly options: LegacySessionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => void this.expireIdle(), Math.min(60_000, options.idleMs)).unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(
    request: Request,
    authInfo: AuthInfo,
    caller: string,
    address: string,
    parsedBody?: unknown,
  ): Promise<Response> {
    const id = request.headers.get('mcp-session-id');
    if (id) {
      const session = this.sessions.get(id);
      if (!session) return jsonError(404, -32001, 'Session not found: start a new session with initialize.');
      if (session.caller !== caller) return jsonError(403, -32001, 'This session belongs to another caller.');
      return this.tracked(session, request, () =>
        session.transport.handleRequest(request, { authInfo, parsedBody }),
      );
    }
    if (request.method !== 'POST') return jsonError(400, -32000, 'Bad Request: no session id.');
    await this.expireIdle();
    if (this.sessions.size >= this.options.maxSessions) {
      return jsonError(503, -32000, 'Too many open sessions; retry later.', { 'retry-after': '30' });
    }
    const refusal = await this.makeRoom(caller, address);
    if (refusal) return refusal;
    const server = (await this.factory({ era: 'legacy', authInfo, requestInfo: request })) as McpServer;
    // Filled in before the first request reaches the transport, which is when it calls back.
    const opened: { session?: Session } = {};
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      maxRequestBodySize: this.options.maxBodyBytes,
      // Streams open with an event id and a retry hint, and a broken one can be resumed (SEP-1699).
      eventStore: new SessionEventStore(),
      retryInterval: RETRY_INTERVAL_MS,
      onsessioninitialized: (sessionId) => {
        if (opened.session) this.sessions.set(sessionId, opened.session);
      },
      onsessionclosed: (sessionId) => {
        this.sessions.delete(sessionId);
      },
    });
    const session: Session = {
      transport,
      server,
      caller,
      address,
      lastSeen: this.now(),
      calls: 0,
      streams: 0,
    };
    opened.session = session;
    await server.connect(transport);
    const response = await this.tracked(session, request, () =>
      transport.handleRequest(request, { authInfo, parsedBody }),
    );
    if (!transport.sessionId || !this.sessions.has(transport.sessionId)) await server.close();
    return response;
  }

  /**
   * At a cap (this caller's, or this address's), closes this caller's least recently used idle
   * session (at this address, when the address is what is full); with none idle, the 429 to send.
   */
  private async makeRoom(caller: string, address: string): Promise<Response | undefined> {
    const { maxSessionsPerCaller: perCaller, maxSessionsPerAddress: perAddress } = this.options;
    const all = [...this.sessions];
    const mine = all.filter(([, s]) => s.caller === caller);
    const callerFull = mine.length >= perCaller;
    const addressFull = all.filter(([, s]) => s.address === address).length >= perAddress;
    if (!callerFull && !addressFull) return undefined;
    let oldest: [string, Session] | undefined;
    for (const entry of mine) {
      const [, s] = entry;
      if (s.calls + s.streams > 0 || (addressFull && s.address !== address)) continue;
      if (!oldest || s.lastSeen < oldest[1].lastSeen) oldest = entry;
    }
    if (oldest) {
      this.sessions.delete(oldest[0]);
      await oldest[1].server.close().catch(() => {});
      return undefined;
    }
    const which = callerFull
      ? `this caller (${perCaller} at most)`
      : `this address (${perAddress} at most, whoever the caller)`;
    return jsonError(
      429,
      -32000,
      `Too many open sessions for ${which}, each with a request in progress: close one (DELETE with its Mcp-Session-Id) or retry later.`,
      { 'retry-after': RETRY_AFTER_SECONDS },
    );
  }

  /**
   * Runs a request of the session and counts it as in progress until its answer is delivered in
   * full, a streamed one included (or the client goes away).
   */
  private async tracked(session: Session, request: Request, run: () => Promise<Response>): Promise<Response> {
    const counter = request.method === 'GET' ? 'streams' : 'calls';
    session[counter]++;
    session.lastSeen = this.now();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      session[counter]--;
      session.lastSeen = this.now();
    };
    let response: Response;
    try {
      response = await run();
    } catch (error) {
      release();
      throw error;
    }
    if (!response.body) {
      release();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(all.map((s) => s.server.close()));
  }

  private async expireIdle(): Promise<void> {
    const cutoff = this.now() - this.options.idleMs;
    for (const [id, session] of this.sessions) {
      // A listening stream alone does not keep a session: a call in progress does.
      if (session.calls === 0 && session.lastSeen < cutoff) {
        this.sessions.delete(id);
        await session.server.close().catch(() => {});
      }
    }
  }
}

function jsonError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
