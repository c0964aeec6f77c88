import { randomUUID } from 'node:crypto';
import {
  type AuthInfo,
  type McpServer,
  type McpServerFactory,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  caller: string;
  lastSeen: number;
}

export interface LegacySessionOptions {
  maxSessions: number;
  maxSessionsPerCaller: number;
  idleMs: number;
  maxBodyBytes: number;
  /** The clock idle times are measured with (tests move it instead of waiting). */
  now?: () => number;
}

/**
 * The sessionful leg for 2025-era clients: one server instance per MCP session, so the server can
 * send them requests (elicitation for the confirmation gate). Sessions are capped in total and per
 * caller (so one caller cannot take every slot), belong to the caller that opened them, and expire
 * when idle.
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
    parsedBody?: unknown,
  ): Promise<Response> {
    const id = request.headers.get('mcp-session-id');
    if (id) {
      const session = this.sessions.get(id);
      if (!session) return jsonError(404, -32001, 'Session not found: start a new session with initialize.');
      if (session.caller !== caller) return jsonError(403, -32001, 'This session belongs to another caller.');
      session.lastSeen = this.now();
      return session.transport.handleRequest(request, { authInfo, parsedBody });
    }
    if (request.method !== 'POST') return jsonError(400, -32000, 'Bad Request: no session id.');
    await this.expireIdle();
    if (this.sessions.size >= this.options.maxSessions) {
      return jsonError(503, -32000, 'Too many open sessions; retry later.', { 'retry-after': '30' });
    }
    if (this.sessionsOf(caller) >= this.options.maxSessionsPerCaller) {
      return jsonError(
        429,
        -32000,
        `Too many open sessions for this caller (${this.options.maxSessionsPerCaller} at most): close one (DELETE with its Mcp-Session-Id) or retry later.`,
        { 'retry-after': '30' },
      );
    }
    const server = (await this.factory({ era: 'legacy', authInfo, requestInfo: request })) as McpServer;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      maxRequestBodySize: this.options.maxBodyBytes,
      onsessioninitialized: (sessionId) => {
        this.sessions.set(sessionId, { transport, server, caller, lastSeen: this.now() });
      },
      onsessionclosed: (sessionId) => {
        this.sessions.delete(sessionId);
      },
    });
    await server.connect(transport);
    const response = await transport.handleRequest(request, { authInfo, parsedBody });
    if (!transport.sessionId || !this.sessions.has(transport.sessionId)) await server.close();
    return response;
  }

  private sessionsOf(caller: string): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.caller === caller) count++;
    return count;
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
      if (session.lastSeen < cutoff) {
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
