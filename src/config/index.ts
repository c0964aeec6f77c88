import { type ParseArgsConfig, parseArgs } from 'node:util';
import { pinSecret } from '../secrets.js';
import { messageOf } from '../types/narrow.js';
import { ConfigError } from './error.js';
import { isLoopback } from './loopback.js';
import type { Given, Option } from './option.js';
import { OPTIONS } from './options.js';
import { withSuggestion } from './suggest.js';
import { boolean } from './values.js';

export { ConfigError };

type Options = (typeof OPTIONS)[number];

/** The checked settings, one field per entry of OPTIONS (options.ts). */
export type Config = {
  readonly [O in Options as O['key']]: O extends Option<string, infer T> ? T : never;
};

const ALL: readonly Option[] = OPTIONS;

/** The flags in node:util parseArgs form. */
const PARSE_OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  ALL.flatMap((o) =>
    o.flag === undefined
      ? []
      : [
          [
            o.flag,
            {
              type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const),
              ...(o.kind === 'repeatable' ? { multiple: true } : {}),
              ...(o.short ? { short: o.short } : {}),
            },
          ],
        ],
  ),
);

/**
 * What an MCP Bundle host passes for an optional field the user left blank, when it passes the
 * placeholder itself rather than an empty value: the same as not set.
 */
const UNFILLED_PLACEHOLDER = /^\$\{user_config\.[\w-]+\}$/;

/**
 * One checked Config from flags and environment; bad input fails here, at start-up, naming the
 * flag or variable. Plain checks rather than a schema library: the stdio entry validates every flag
 * before it answers anything, and it answers before zod and the SDK have loaded.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  const flags = parseFlags(argv);
  const config: Record<string, unknown> = {};
  for (const option of ALL) {
    const [given, name] = givenOf(option, flags, env);
    config[option.key] = option.read(given, name);
  }
  // Frozen: what runs differently (the sandbox) builds a configuration of its own.
  return Object.freeze(checked(config as Config));
}

function givenOf(
  option: Option,
  flags: Record<string, Given | undefined>,
  env: NodeJS.ProcessEnv,
): [Given | undefined, string] {
  const flag = option.flag === undefined ? undefined : flags[option.flag];
  if (flag !== undefined) return [flag, `--${option.flag}`];
  const text = option.env === undefined ? undefined : env[option.env];
  if (option.env === undefined || text === undefined || text === '' || UNFILLED_PLACEHOLDER.test(text)) {
    return [undefined, option.flag ? `--${option.flag}` : String(option.env)];
  }
  return [option.kind === 'boolean' ? boolean(option.env, text) : text, option.env];
}

function parseFlags(argv: readonly string[]): Record<string, Given | undefined> {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: PARSE_OPTIONS })
      .values;
  } catch (error) {
    const unknown = unknownFlag(argv);
    const message = unknown
      ? `Unknown flag ${withSuggestion(
          unknown,
          Object.keys(PARSE_OPTIONS).map((f) => `--${f}`),
        )}`
      : messageOf(error).replace(/\.$/, '');
    throw new ConfigError(`${message}. Run paperspace-mcp --help for the flags.`);
  }
}

/** The first flag of `argv` that is not one of ours, as written (`--bogus`, `-x`). */
function unknownFlag(argv: readonly string[]): string | undefined {
  const { tokens } = parseArgs({ args: [...argv], strict: false, allowPositionals: true, tokens: true });
  const known = (t: { name: string }) =>
    t.name in PARSE_OPTIONS || ALL.some((o) => o.short !== undefined && o.short === t.name);
  const token = tokens.find((t) => t.kind === 'option' && !known(t));
  return token?.kind === 'option' ? token.rawName : undefined;
}

/** The rules between settings. */
function checked(config: Config): Config {
  const asked = config.help || config.version;
  if (config.sandboxState !== undefined && !config.sandbox) {
    throw new ConfigError('--sandbox-state only applies with --sandbox.');
  }
  if (config.http && !isLoopback(config.host) && !config.authToken && !asked) {
    throw new ConfigError(
      `Refusing to listen on ${config.host} without a bearer token: set --auth-token or PAPERSPACE_MCP_AUTH_TOKEN (or bind 127.0.0.1).`,
    );
  }
  if (config.auditStream !== undefined && !config.redisUrl) {
    throw new ConfigError('--audit-stream needs PAPERSPACE_MCP_REDIS_URL (the Redis that holds the stream).');
  }
  if (config.auditStream !== undefined && config.auditLog !== undefined) {
    throw new ConfigError('--audit-log and --audit-stream are two places for one journal: choose one.');
  }
  if (config.perRequestKey && !config.http && !asked) {
    throw new ConfigError('--per-request-key only applies with --http.');
  }
  return config;
}

/**
 * `PAPERSPACE_*` variables this server does not read (a typo is otherwise silently ignored), each
 * with the nearest known name when there is one.
 */
export function unknownVariables(env: NodeJS.ProcessEnv): string[] {
  const known = ALL.flatMap((o) => (o.env ? [o.env] : []));
  return Object.keys(env)
    .filter((name) => name.startsWith('PAPERSPACE_') && !known.includes(name))
    .map((name) => withSuggestion(name, known));
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
