import { delimiter } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_OPTIONS } from './cli-options.js';
import { DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES } from './client/defaults.js';
import { ConfigError } from './config-error.js';
import { folders, httpUrl, integer, list, oneOf, positive, redisUrl, text } from './config-values.js';
import { pinSecret } from './secrets.js';
import { isLoopback } from './transports/security.js';
import { loadRates } from './workflows/rates-file.js';

export const HELP = `paperspace-mcp: the Paperspace API as MCP tools (stdio or Streamable HTTP)

Usage: paperspace-mcp [flags]

Flags:
  --sandbox                 Run against a built-in simulated Paperspace API on loopback, seeded with
                            demo data: no account or key needed.
  --sandbox-state <file>    With --sandbox: keep the simulated account in this JSON file (loaded
                            when it exists, saved after every change), so separate processes, e.g.
                            one per call, see each other's changes.
  --toolsets <list|all>     Comma-separated toolsets to expose. "default" = auth,machines,datasets,
                            workflows (used when unset); "all" = every toolset; e.g.
                            default,projects,deployments.
  --tools <list>            Only these tools (by name), on top of nothing else: overrides --toolsets.
  --exclude-tools <list>    Never expose these tools.
  --read-only               Expose only tools that read (no create, update, action or delete).
  --confirm <auto|strict|off>
                            Gated calls (deletes, overwrites, lost addresses, granted access): auto
                            (default) asks the user through the client, else hands the model a
                            single-use token; strict refuses when the client cannot ask the user;
                            off runs them without asking. See docs/SECURITY.md.
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
                            bearer token or, with --per-request-key, the Paperspace key. At the
                            cap, the caller's least recently used idle session is closed.
  --max-sessions-per-address <n>
                            Cap on the 2025-era sessions from one source address, whatever key
                            they bring (default 50); 429 beyond.
  --max-connections <n>     Cap on open HTTP connections (default 512); more are closed at once.
  --files-root <dir>        Dataset file tools may read and write local paths inside this folder
                            only (repeatable); without one, no local path at all, on every
                            transport. Over HTTP each caller gets its own folder inside it.
  --max-upload-bytes <n>    Cap on the bytes of one dataset file upload (default 5000000000).
  --allow-private-endpoints
                            With --http: let storage provider endpoints lead to loopback, private
                            or link-local addresses (refused by default for HTTP callers).
  --timeout <ms>            Per-attempt deadline of API calls, headers and body (default 30000);
                            also each S3 request's deadline to connect, answer and stay silent.
  --max-response-bytes <n>  Largest API answer read (default 16777216 = 16 MB); a longer one is
                            dropped with an error.
  --max-wait-seconds <n>    Longest a wait tool holds a call (default 300; its timeoutSeconds
                            defaults to 50).
  --max-hourly-spend <USD>  Refuse a machine create, start or type change, or a deployment, that
                            would take the running machines' burn rate (plus the deployment's
                            replicas × rate) above this many USD per hour.
  --rates <file>            JSON file: machine type -> USD per hour, for types the account has
                            no machine of (the spend cap needs a rate); a deployment's rate
                            comes from it first.
  --default-auto-shutdown-hours <n>
                            machines_create calls that leave auto-shutdown unset get it, after n
                            idle hours.
  --help                    Show this help.
  --version                 Print the version.

Environment:
  PAPERSPACE_API_KEY        Your Paperspace API key, sent as "Authorization: Bearer <key>".
  PAPERSPACE_API_URL        API base URL (default ${DEFAULT_BASE_URL}).
  PAPERSPACE_MCP_TOOLSETS   Same as --toolsets.
  PAPERSPACE_MCP_READ_ONLY  "true" or "1": same as --read-only.
  PAPERSPACE_MCP_SANDBOX    "true" or "1": same as --sandbox.
  PAPERSPACE_MCP_SANDBOX_STATE
                            Same as --sandbox-state.
  PAPERSPACE_MCP_CONFIRM    Same as --confirm.
  PAPERSPACE_MCP_CONFIRM_TTL Same as --confirm-ttl.
  PAPERSPACE_MCP_SECRET     Secret that signs confirmation tokens. Unset: random per process. Give
                            every replica the same value so a token minted by one is valid on all.
  PAPERSPACE_MCP_REDIS_URL  redis:// or rediss:// URL where redeemed confirmation tokens are kept, so
                            a confirmation works once across replicas and restarts. Unset: memory
                            of this process only.
  PAPERSPACE_MCP_TIMEOUT_MS Same as --timeout.
  PAPERSPACE_MCP_FILES_ROOT Same as --files-root; several folders separated by "${delimiter}".
  PAPERSPACE_MCP_MAX_UPLOAD_BYTES
                            Same as --max-upload-bytes.
  PAPERSPACE_MCP_ALLOW_PRIVATE_ENDPOINTS
                            "true" or "1": same as --allow-private-endpoints.
  PAPERSPACE_MCP_MAX_RESPONSE_BYTES
                            Same as --max-response-bytes.
  PAPERSPACE_MCP_MAX_HOURLY_SPEND
                            Same as --max-hourly-spend.
  PAPERSPACE_MCP_AUTH_TOKEN Same as --auth-token.
  PAPERSPACE_MCP_HOST, PAPERSPACE_MCP_PORT
                            Same as --host and --port.
  PAPERSPACE_MCP_MAX_SESSIONS_PER_CALLER, PAPERSPACE_MCP_MAX_SESSIONS_PER_ADDRESS,
  PAPERSPACE_MCP_MAX_CONNECTIONS
                            Same as --max-sessions-per-caller, --max-sessions-per-address and
                            --max-connections.
Flags win over environment variables. Logs go to stderr; stdout carries only MCP messages.
`;

export interface Config {
  apiKey?: string | undefined;
  apiUrl: string;
  toolsets?: string[] | undefined;
  tools?: string[] | undefined;
  excludeTools: string[];
  readOnly: boolean;
  confirm: 'auto' | 'strict' | 'off';
  confirmTtlSeconds: number;
  secret?: string | undefined;
  /** redis:// or rediss:// URL of the shared redeemed-token store (unset: this process's memory). */
  redisUrl?: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  sandbox: boolean;
  /** --sandbox: the file the simulated account is loaded from and saved to. */
  sandboxState?: string | undefined;
  http: boolean;
  host: string;
  port: number;
  authToken?: string | undefined;
  perRequestKey: boolean;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxSessions: number;
  /** Cap on one caller's 2025-era HTTP sessions. */
  maxSessionsPerCaller: number;
  /** Cap on the 2025-era HTTP sessions from one source address. */
  maxSessionsPerAddress: number;
  /** Cap on open HTTP connections. */
  maxConnections: number;
  /** Local paths of the file tools only inside these folders (absolute; none: no local path). */
  filesRoots: string[];
  /** Cap on the bytes of one upload call of the file tools. */
  maxUploadBytes: number;
  /** HTTP: storage provider endpoints may lead to loopback, private and link-local addresses. */
  allowPrivateEndpoints: boolean;
  maxWaitSeconds: number;
  maxHourlySpend?: number | undefined;
  ratesFile?: string | undefined;
  /** Machine type → USD per hour, read from ratesFile. */
  rates: Record<string, number>;
  defaultAutoShutdownHours?: number | undefined;
  help: boolean;
  version: boolean;
}

export { ConfigError };

const truthy = (v: string | undefined) =>
  v === undefined ? undefined : v === '1' || v.toLowerCase() === 'true';

/** Flag and environment values as given, before validation. */
const parseFlags = (argv: readonly string[]) =>
  parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: CLI_OPTIONS }).values;

type RawConfig = {
  [K in keyof Config]?:
    | (K extends 'filesRoots' ? string[] : Config[K] extends boolean ? boolean : string)
    | undefined;
};

/**
 * One validated Config from flags and environment; bad input fails here, at start-up. Plain checks
 * rather than a schema library: the stdio entry validates every flag before it answers anything,
 * and it answers before zod and the SDK have loaded.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  let values: ReturnType<typeof parseFlags>;
  try {
    values = parseFlags(argv);
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. Run paperspace-mcp --help for the flags.`);
  }
  const raw: RawConfig = {
    apiKey: env.PAPERSPACE_API_KEY || undefined,
    apiUrl: env.PAPERSPACE_API_URL || undefined,
    toolsets: values.toolsets ?? (env.PAPERSPACE_MCP_TOOLSETS || undefined),
    tools: values.tools,
    excludeTools: values['exclude-tools'],
    readOnly: values['read-only'] ?? truthy(env.PAPERSPACE_MCP_READ_ONLY),
    confirm: values.confirm ?? (env.PAPERSPACE_MCP_CONFIRM || undefined),
    confirmTtlSeconds: values['confirm-ttl'] ?? (env.PAPERSPACE_MCP_CONFIRM_TTL || undefined),
    secret: env.PAPERSPACE_MCP_SECRET || undefined,
    redisUrl: env.PAPERSPACE_MCP_REDIS_URL || undefined,
    timeoutMs: values.timeout ?? (env.PAPERSPACE_MCP_TIMEOUT_MS || undefined),
    maxResponseBytes: values['max-response-bytes'] ?? (env.PAPERSPACE_MCP_MAX_RESPONSE_BYTES || undefined),
    sandbox: values.sandbox ?? truthy(env.PAPERSPACE_MCP_SANDBOX),
    sandboxState: values['sandbox-state'] ?? (env.PAPERSPACE_MCP_SANDBOX_STATE || undefined),
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
    maxSessionsPerAddress:
      values['max-sessions-per-address'] ?? (env.PAPERSPACE_MCP_MAX_SESSIONS_PER_ADDRESS || undefined),
    maxConnections: values['max-connections'] ?? (env.PAPERSPACE_MCP_MAX_CONNECTIONS || undefined),
    filesRoots: values['files-root'] ?? env.PAPERSPACE_MCP_FILES_ROOT?.split(delimiter).filter(Boolean),
    maxUploadBytes: values['max-upload-bytes'] ?? (env.PAPERSPACE_MCP_MAX_UPLOAD_BYTES || undefined),
    allowPrivateEndpoints:
      values['allow-private-endpoints'] ?? truthy(env.PAPERSPACE_MCP_ALLOW_PRIVATE_ENDPOINTS),
    maxWaitSeconds: values['max-wait-seconds'],
    maxHourlySpend: values['max-hourly-spend'] ?? (env.PAPERSPACE_MCP_MAX_HOURLY_SPEND || undefined),
    ratesFile: values.rates,
    defaultAutoShutdownHours: values['default-auto-shutdown-hours'],
    help: values.help,
    version: values.version,
  };
  const config: Config = {
    apiKey: text(raw.apiKey),
    apiUrl: httpUrl('apiUrl', raw.apiUrl ?? DEFAULT_BASE_URL),
    toolsets: list(raw.toolsets),
    tools: list(raw.tools),
    excludeTools: list(raw.excludeTools) ?? [],
    readOnly: raw.readOnly ?? false,
    confirm: oneOf('confirm', raw.confirm ?? 'auto', ['auto', 'strict', 'off'] as const),
    confirmTtlSeconds: integer('confirmTtlSeconds', raw.confirmTtlSeconds, 300, 1, 86_400),
    secret: text(raw.secret, 'secret', 16, 'PAPERSPACE_MCP_SECRET must be at least 16 characters'),
    redisUrl: redisUrl(raw.redisUrl),
    timeoutMs: integer('timeoutMs', raw.timeoutMs, 30_000, 100, 600_000),
    maxResponseBytes: integer(
      'maxResponseBytes',
      raw.maxResponseBytes,
      DEFAULT_MAX_RESPONSE_BYTES,
      1024,
      1024 ** 3,
    ),
    sandbox: raw.sandbox ?? false,
    sandboxState: text(raw.sandboxState, 'sandboxState'),
    http: raw.http ?? false,
    host: text(raw.host, 'host') ?? '127.0.0.1',
    port: integer('port', raw.port, 8080, 0, 65_535),
    authToken: text(raw.authToken, 'authToken', 16, 'the auth token must be at least 16 characters'),
    perRequestKey: raw.perRequestKey ?? false,
    allowedHosts: list(raw.allowedHosts) ?? [],
    allowedOrigins: list(raw.allowedOrigins) ?? [],
    maxSessions: integer('maxSessions', raw.maxSessions, 100, 1, 100_000),
    maxSessionsPerCaller: integer('maxSessionsPerCaller', raw.maxSessionsPerCaller, 20, 1, 100_000),
    maxSessionsPerAddress: integer('maxSessionsPerAddress', raw.maxSessionsPerAddress, 50, 1, 100_000),
    maxConnections: integer('maxConnections', raw.maxConnections, 512, 1, 1_000_000),
    filesRoots: folders('filesRoot', raw.filesRoots),
    maxUploadBytes: integer('maxUploadBytes', raw.maxUploadBytes, 5_000_000_000, 1, Number.MAX_SAFE_INTEGER),
    allowPrivateEndpoints: raw.allowPrivateEndpoints ?? false,
    maxWaitSeconds: integer('maxWaitSeconds', raw.maxWaitSeconds, 300, 1, 3600),
    maxHourlySpend: positive('maxHourlySpend', raw.maxHourlySpend),
    ratesFile: text(raw.ratesFile, 'ratesFile'),
    rates: loadRates(text(raw.ratesFile, 'ratesFile')),
    defaultAutoShutdownHours:
      raw.defaultAutoShutdownHours === undefined
        ? undefined
        : integer('defaultAutoShutdownHours', raw.defaultAutoShutdownHours, 0, 1, 720),
    help: raw.help ?? false,
    version: raw.version ?? false,
  };
  if (config.sandboxState !== undefined && !config.sandbox) {
    throw new ConfigError('--sandbox-state only applies with --sandbox.');
  }
  if (config.http && !isLoopback(config.host) && !config.authToken && !config.help && !config.version) {
    throw new ConfigError(
      `Refusing to listen on ${config.host} without a bearer token: set --auth-token or PAPERSPACE_MCP_AUTH_TOKEN (or bind 127.0.0.1).`,
    );
  }
  if (config.perRequestKey && !config.http && !config.help && !config.version) {
    throw new ConfigError('--per-request-key only applies with --http.');
  }
  return config;
}

/** The secrets the configuration holds, pinned in the exit filter (and refused in file content). */
export function pinConfigSecrets(config: Config): void {
  pinSecret(config.apiKey, 'the API key');
  pinSecret(config.authToken, 'the HTTP auth token');
  pinSecret(config.secret, 'the token-signing secret');
  if (config.redisUrl) {
    const password = URL.canParse(config.redisUrl) ? new URL(config.redisUrl).password : '';
    pinSecret(password ? decodeURIComponent(password) : undefined, 'the Redis password');
  }
}
