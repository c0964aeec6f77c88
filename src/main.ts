import { PaperspaceClient } from './client/client.js';
import { type Config, HELP, pinConfigSecrets } from './config.js';
import { log, say, stderrIsTerminal } from './log.js';
import { createServerFactory } from './server.js';
import type { EarlyStart } from './stdio-early.js';
import { openRedeemedStore, type RedeemedStore } from './tools/confirm/store.js';
import { refusePrototypeKeys } from './transports/stdio-guard.js';
import { VERSION } from './version.js';

/** Starts the server from a checked config; on stdio, `early` is what the entry already read and answered. */
export async function main(config: Config, early?: EarlyStart): Promise<void> {
  pinConfigSecrets(config);
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
    say('--confirm off: gated tools run WITHOUT asking for confirmation.', 'warn');
  const apiKey = config.perRequestKey ? undefined : config.apiKey;
  if (!apiKey && !config.perRequestKey) {
    say('PAPERSPACE_API_KEY is not set: tools are listed, calls will fail until it is.', 'warn');
  }
  const redeemed = await openRedeemedStore(config.redisUrl);
  warnAboutSingleUse(config, redeemed);
  const client = new PaperspaceClient({
    apiKey,
    baseUrl: config.apiUrl,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
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
    const factory = createServerFactory(config, { client, events, redeemed });
    const http = await startHttpServer(factory, httpOptionsOf(config, events), log);
    log({ level: 'info', msg: 'listening', url: http.url, version: VERSION });
    const stop = (signal: string) => {
      say(`${signal}: finishing in-flight calls, then exiting`);
      void http.close().then(async () => {
        await Promise.allSettled([client.close(), redeemed.close(), sandbox?.close()]);
        process.exit(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    return;
  }
  const factory = createServerFactory(config, { client, redeemed });
  const { serveStdio, StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  // The guard reads everything the SDK will: the lines read before the hand-over, then the rest.
  const input = refusePrototypeKeys(early?.handOver() ?? process.stdin, (line) => process.stdout.write(line));
  const transport = new StdioServerTransport(input);
  early?.silence(transport);
  serveStdio(factory, { transport, onerror: (error) => say(`stdio error: ${error.message}`, 'error') });
  // The host ends the session by closing stdin; the sandbox's listener would otherwise keep the process up.
  input.once('end', () => {
    void Promise.allSettled([client.close(), sandbox?.close(), redeemed.close()]).then(() => process.exit(0));
  });
  // A person who ran the command in a terminal sees a process that prints nothing and waits: say why.
  if (stderrIsTerminal()) {
    const against = sandbox ? `sandbox: simulated API at ${config.apiUrl}` : `API: ${config.apiUrl}`;
    say(
      `v${VERSION} speaks MCP on stdin/stdout and is waiting for an MCP client (${against}); press Ctrl+C to stop.`,
    );
  }
}

/**
 * Where single use of a confirmation stops holding, said at start. A random per-process secret
 * makes tokens die with the process, so only a fixed secret needs the warnings.
 */
function warnAboutSingleUse(config: Config, redeemed: RedeemedStore): void {
  if (config.confirm === 'off' || !config.secret || redeemed.shared) return;
  if (config.http)
    say(
      'PAPERSPACE_MCP_SECRET is fixed but PAPERSPACE_MCP_REDIS_URL is not set: a confirmation token is single-use per replica only; replicas sharing the secret can each redeem it once. Set PAPERSPACE_MCP_REDIS_URL to share redeemed tokens.',
      'warn',
    );
  say(
    'PAPERSPACE_MCP_SECRET is fixed and redeemed tokens are kept in memory: a restart forgets them, so a token redeemed before a restart works again until it expires. Set PAPERSPACE_MCP_REDIS_URL to keep them.',
    'warn',
  );
}

async function useSandbox(config: Config): Promise<{ close(): Promise<void> }> {
  const { startSandbox } = await import('./sandbox/sandbox.js');
  const sandbox = await startSandbox({ seed: true, s3: true, stateFile: config.sandboxState });
  config.apiUrl = sandbox.baseUrl;
  config.apiKey = 'sandbox';
  config.perRequestKey = false;
  say(
    `SANDBOX: serving a simulated Paperspace API at ${sandbox.baseUrl}; nothing touches a real account.`,
    'warn',
  );
  if (config.sandboxState) say(`SANDBOX: the simulated account is kept in ${config.sandboxState}.`);
  if (!sandbox.s3) {
    say(
      'SANDBOX: s3rver (a devDependency) is not installed, so dataset file tools cannot reach storage; run npm install in a checkout.',
      'warn',
    );
  }
  return sandbox;
}
