import { PaperspaceClient } from './client/client.js';
import { type Config, ConfigError, HELP, loadConfig } from './config.js';
import { createServerFactory } from './server.js';
import type { EarlyStart } from './stdio-early.js';
import { refusePrototypeKeys } from './transports/stdio-guard.js';
import { VERSION } from './version.js';

/** Structured log lines on stderr (stdout is the MCP channel on stdio). Never given a secret. */
const log = (entry: Record<string, unknown>) =>
  process.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), ...entry })}\n`);
const say = (msg: string, level = 'info') => log({ level, msg });

/** Starts the server; on stdio, `early` is what the entry already read and answered. */
export async function main(early?: EarlyStart): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env);
  if (config.help) {
    process.stdout.write(HELP);
    return;
  }
  if (config.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const sandbox = config.sandbox ? await useSandbox(config) : undefined;
  if (config.confirm === 'off')
    say('--confirm off: destructive tools run WITHOUT asking for confirmation.', 'warn');
  if (config.perRequestKey && !config.http)
    throw new ConfigError('--per-request-key only applies with --http.');
  const apiKey = config.perRequestKey ? undefined : config.apiKey;
  if (!apiKey && !config.perRequestKey) {
    say('PAPERSPACE_API_KEY is not set: tools are listed, calls will fail until it is.', 'warn');
  }
  const client = new PaperspaceClient({
    apiKey,
    baseUrl: config.apiUrl,
    timeoutMs: config.timeoutMs,
    onRetry: (r) =>
      log({
        level: 'warn',
        msg: 'retry',
        method: r.method,
        path: r.path,
        attempt: r.attempt,
        delayMs: r.delayMs,
        reason: r.reason,
      }),
  });
  if (config.http) {
    const [{ startHttpServer, httpOptionsOf }, { InMemoryServerEventBus }] = await Promise.all([
      import('./transports/http.js'),
      import('@modelcontextprotocol/server'),
    ]);
    const events = new InMemoryServerEventBus();
    const factory = createServerFactory(config, { client, events });
    const http = await startHttpServer(factory, httpOptionsOf(config, events), log);
    log({ level: 'info', msg: 'listening', url: http.url, version: VERSION });
    const stop = (signal: string) => {
      say(`${signal}: finishing in-flight calls, then exiting`);
      void http.close().then(async () => {
        await client.close();
        process.exit(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    return;
  }
  const factory = createServerFactory(config, { client });
  const { serveStdio, StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  const input = refusePrototypeKeys(early?.input ?? process.stdin, (line) => process.stdout.write(line));
  const transport = new StdioServerTransport(input);
  early?.handOver(transport);
  serveStdio(factory, { transport, onerror: (error) => say(`stdio error: ${error.message}`, 'error') });
  // The host ends the session by closing stdin; the sandbox's listener would otherwise keep the process up.
  input.once('end', () => {
    void Promise.allSettled([client.close(), sandbox?.close()]).then(() => process.exit(0));
  });
}

async function useSandbox(config: Config): Promise<{ close(): Promise<void> }> {
  const { startSandbox } = await import('./sandbox/sandbox.js');
  const sandbox = await startSandbox({ seed: true });
  config.apiUrl = sandbox.baseUrl;
  config.apiKey = 'sandbox';
  config.perRequestKey = false;
  say(
    `SANDBOX: serving a simulated Paperspace API at ${sandbox.baseUrl}; nothing touches a real account.`,
    'warn',
  );
  return sandbox;
}

/** Exit codes: 2 for configuration errors (bad flag, missing token beyond loopback), 1 otherwise. */
export function fail(error: unknown): never {
  const known = error instanceof ConfigError || (error instanceof Error && error.name === 'HttpConfigError');
  say(
    known ? (error as Error).message : `fatal: ${error instanceof Error ? error.message : String(error)}`,
    'error',
  );
  process.exit(known ? 2 : 1);
}
