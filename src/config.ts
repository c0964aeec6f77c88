import { parseArgs } from 'node:util';
import * as z from 'zod';
import { CLI_OPTIONS } from './cli-options.js';
import { DEFAULT_BASE_URL } from './client/client.js';

export const HELP = `paperspace-mcp: the Paperspace API as MCP tools (stdio or Streamable HTTP)

Usage: paperspace-mcp [flags]

Flags:
  --sandbox                 Run against a built-in simulated Paperspace API on loopback, seeded with
                            demo data: no account or key needed.
  --toolsets <list|all>     Comma-separated toolsets to expose. "default" = auth,machines,datasets,
                            models,snapshots (used when unset); "all" = every toolset; e.g.
                            default,projects,deployments.
  --tools <list>            Only these tools (by name), on top of nothing else: overrides --toolsets.
  --exclude-tools <list>    Never expose these tools.
  --read-only               Expose only tools that read (no create, update, action or delete).
  --confirm <auto|strict|off>
                            Destructive calls: auto (default) asks for confirmation; strict refuses
                            when the client cannot be asked; off runs them without asking.
  --confirm-ttl <seconds>   How long a confirmation token stays valid (default 300).
  --http                    Serve Streamable HTTP on /mcp instead of stdio.
  --host <host>             HTTP bind address (default 127.0.0.1). Beyond loopback a bearer token
                            is required.
  --port <port>             HTTP port (default 8080; 0 picks a free one).
  --auth-token <token>      Bearer token HTTP callers must send (Authorization: Bearer <token>).
  --per-request-key         HTTP, multi-tenant: each caller sends its own Paperspace key in the
                            X-Paperspace-Api-Key header; PAPERSPACE_API_KEY is not used.
  --allowed-hosts <list>    Extra Host names accepted (behind a proxy or load balancer).
  --allowed-origins <list>  Extra browser Origins accepted (default: loopback only).
  --max-sessions <n>        Cap on concurrent 2025-era HTTP sessions (default 100; idle ones
                            expire after 30 minutes).
  --max-sessions-per-caller <n>
                            Cap on one caller's 2025-era sessions (default 20): a caller is the
                            bearer token or, with --per-request-key, the Paperspace key.
  --max-connections <n>     Cap on open HTTP connections (default 512); more are closed at once.
  --timeout <ms>            Per-attempt timeout of API calls (default 30000).
  --help                    Show this help.
  --version                 Print the version.

Environment:
  PAPERSPACE_API_KEY        Your Paperspace API key, sent as "Authorization: Bearer <key>".
  PAPERSPACE_API_URL        API base URL (default ${DEFAULT_BASE_URL}).
  PAPERSPACE_MCP_TOOLSETS   Same as --toolsets.
  PAPERSPACE_MCP_READ_ONLY  "true" or "1": same as --read-only.
  PAPERSPACE_MCP_CONFIRM    Same as --confirm.
  PAPERSPACE_MCP_CONFIRM_TTL Same as --confirm-ttl.
  PAPERSPACE_MCP_SECRET     Secret that signs confirmation tokens. Unset: random per process. Give
                            every replica the same value so a token minted by one is valid on all.
  PAPERSPACE_MCP_TIMEOUT_MS Same as --timeout.
  PAPERSPACE_MCP_AUTH_TOKEN Same as --auth-token.
  PAPERSPACE_MCP_HOST, PAPERSPACE_MCP_PORT
                            Same as --host and --port.
  PAPERSPACE_MCP_MAX_SESSIONS_PER_CALLER, PAPERSPACE_MCP_MAX_CONNECTIONS
                            Same as --max-sessions-per-caller and --max-connections.
Flags win over environment variables. Logs go to stderr; stdout carries only MCP messages.
`;

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const ConfigSchema = z.object({
  apiKey: z.string().min(1).optional(),
  apiUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_BASE_URL),
  toolsets: list.optional(),
  tools: list.optional(),
  excludeTools: list.default([]),
  readOnly: z.boolean().default(false),
  confirm: z.enum(['auto', 'strict', 'off']).default('auto'),
  confirmTtlSeconds: z.coerce.number().int().min(1).max(86_400).default(300),
  secret: z.string().min(16, 'PAPERSPACE_MCP_SECRET must be at least 16 characters').optional(),
  timeoutMs: z.coerce.number().int().min(100).max(600_000).default(30_000),
  sandbox: z.boolean().default(false),
  http: z.boolean().default(false),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  authToken: z.string().min(16, 'the auth token must be at least 16 characters').optional(),
  perRequestKey: z.boolean().default(false),
  allowedHosts: list.default([]),
  allowedOrigins: list.default([]),
  maxSessions: z.coerce.number().int().min(1).max(100_000).default(100),
  maxSessionsPerCaller: z.coerce.number().int().min(1).max(100_000).default(20),
  maxConnections: z.coerce.number().int().min(1).max(1_000_000).default(512),
  help: z.boolean().default(false),
  version: z.boolean().default(false),
});

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const truthy = (v: string | undefined) =>
  v === undefined ? undefined : v === '1' || v.toLowerCase() === 'true';

/** One validated Config from flags and environment; bad input fails here, at start-up. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: CLI_OPTIONS,
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Run paperspace-mcp --help for the flags.`);
  }
  const raw = {
    apiKey: env.PAPERSPACE_API_KEY || undefined,
    apiUrl: env.PAPERSPACE_API_URL || undefined,
    toolsets: values.toolsets ?? (env.PAPERSPACE_MCP_TOOLSETS || undefined),
    tools: values.tools,
    excludeTools: values['exclude-tools'],
    readOnly: values['read-only'] ?? truthy(env.PAPERSPACE_MCP_READ_ONLY),
    confirm: values.confirm ?? (env.PAPERSPACE_MCP_CONFIRM || undefined),
    confirmTtlSeconds: values['confirm-ttl'] ?? (env.PAPERSPACE_MCP_CONFIRM_TTL || undefined),
    secret: env.PAPERSPACE_MCP_SECRET || undefined,
    timeoutMs: values.timeout ?? (env.PAPERSPACE_MCP_TIMEOUT_MS || undefined),
    sandbox: values.sandbox,
    http: values.http,
    host: values.host ?? (env.PAPERSPACE_MCP_HOST || undefined),
    port: values.port ?? (env.PAPERSPACE_MCP_PORT || undefined),
    authToken: values['auth-token'] ?? (env.PAPERSPACE_MCP_AUTH_TOKEN || undefined),
    perRequestKey: values['per-request-key'],
    allowedHosts: values['allowed-hosts'],
    allowedOrigins: values['allowed-origins'],
    maxSessions: values['max-sessions'],
    maxSessionsPerCaller:
      values['max-sessions-per-caller'] ?? (env.PAPERSPACE_MCP_MAX_SESSIONS_PER_CALLER || undefined),
    maxConnections: values['max-connections'] ?? (env.PAPERSPACE_MCP_MAX_CONNECTIONS || undefined),
    help: values.help,
    version: values.version,
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'config';
    throw new ConfigError(`Invalid ${field}: ${issue?.message ?? 'bad value'}. Run paperspace-mcp --help.`);
  }
  return parsed.data;
}
