import { openJournal } from './audit/open.js';
import { type Config, pinConfigSecrets, unknownVariables } from './config/index.js';
import { openRedeemedStore, type RedeemedStore } from './confirm/store.js';
import { log, say, stderrIsTerminal } from './log.js';
import type { PolicyHolder } from './policy/holder.js';
import { apiClientOf, createServerFactory } from './server.js';
import { openTaskStore } from './tasks/open-store.js';
import { Tasks } from './tasks/tasks.js';
import type { EarlyStart } from './transports/stdio/stdio-early.js';
import { refusePrototypeKeys } from './transports/stdio/stdio-guard.js';
import { VERSION } from './version.js';

/** What the entry did before handing over: on stdio, what it already read and answered; the policy it loaded. */
export interface Started {
  early?: EarlyStart;
  policy?: PolicyHolder;
}

/** Starts the server from a checked config. */
export async function main(given: Config, { early, policy }: Started = {}): Promise<void> {
  pinConfigSecrets(given);
  if (given.help) {
    const { helpText } = await import('./config/help.js');
    process.stdout.write(helpText());
    return;
  }
  if (given.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  for (const name of unknownVariables(process.env)) {
    say(`${name} is not a setting of paperspace-mcp and is ignored.`, 'warn');
  }
  const sandbox = given.sandbox ? await useSandbox(given) : undefined;
  const config = sandbox?.config ?? given;
  pinConfigSecrets(config);
  // The sandbox's S3 emulator listens on loopback; it is the one private endpoint callers may reach.
  const sandboxStorage = sandbox?.s3 ? new URL(sandbox.s3.endpoint).host : undefined;
  if (config.confirm === 'off')
    say('--confirm off: gated tools run WITHOUT asking for confirmation.', 'warn');
  if (!config.apiKey && !config.perRequestKey) {
    say(
      'No API key: set PAPERSPACE_API_KEY, or add --sandbox to try the simulated API. Tools are listed; calls fail until then.',
      'warn',
    );
  }
  const redeemed =
    sandbox?.redeemed && !config.redisUrl ? sandbox.redeemed : await openRedeemedStore(config.redisUrl);
  warnAboutSingleUse(config, redeemed);
  // Over HTTP any replica answers tasks/get when the tasks are in Redis; stdio's one client needs none.
  const tasks = new Tasks(await openTaskStore(config.http ? config.redisUrl : undefined));
  const audit = { policy, journal: await openJournal(config, (m) => say(m, 'error')) };
  const client = apiClientOf(config, (r) =>
    log({
      level: 'warn',
      msg: 'retry',
      method: r.method,
      path: r.path,
      attempt: r.attempt,
      delayMs: r.delayMs,
      reason: r.reason,
    }),
  );
  if (config.http) {
    const [{ startHttpServer, httpOptionsOf }, { TenantEventBus }] = await Promise.all([
      import('./transports/http/http.js'),
      import('./resources/tenant-events.js'),
    ]);
    const events = new TenantEventBus();
    const factory = createServerFactory(config, {
      client,
      events,
      redeemed,
      sandboxStorage,
      tasks,
      ...audit,
    });
    const http = await startHttpServer(factory, httpOptionsOf(config, events), log);
    log({ level: 'info', msg: 'listening', url: http.url, version: VERSION });
    const stop = (signal: string) => {
      say(`${signal}: finishing in-flight calls, then exiting`);
      void http.close().then(async () => {
        await Promise.allSettled([
          client.close(),
          redeemed.close(),
          tasks.close(),
          audit.journal.close(),
          sandbox?.close(),
        ]);
        process.exit(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    return;
  }
  const factory = createServerFactory(config, { client, redeemed, sandboxStorage, tasks, ...audit });
  const { serveStdio, StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  // The guard reads everything the SDK will: the lines read before the hand-over, then the rest.
  const input = refusePrototypeKeys(early?.handOver() ?? process.stdin, (line) => process.stdout.write(line));
  const transport = new StdioServerTransport(input);
  early?.silence(transport);
  serveStdio(factory, { transport, onerror: (error) => say(`stdio error: ${error.message}`, 'error') });
  // The host ends the session by closing stdin; the sandbox's listener would otherwise keep the process up.
  input.once('end', () => {
    void Promise.allSettled([
      client.close(),
      sandbox?.close(),
      redeemed.close(),
      tasks.close(),
      audit.journal.close(),
    ]).then(() => process.exit(0));
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

/**
 * Starts the simulated API (with its S3) and returns the configuration to run against it, built
 * anew from the checked one: its URL and key, and with --sandbox-state the signing secret and the
 * redeemed tokens kept in the state file (unless PAPERSPACE_MCP_SECRET gives a secret).
 */
async function useSandbox(config: Config) {
  const { startSandbox } = await import('./sandbox/sandbox.js');
  const sandbox = await startSandbox({ seed: true, s3: true, stateFile: config.sandboxState });
  say(
    `SANDBOX: serving a simulated Paperspace API at ${sandbox.baseUrl}; nothing touches a real account.`,
    'warn',
  );
  if (config.sandboxState) {
    say(`SANDBOX: the simulated account and confirmation tokens are kept in ${config.sandboxState}.`);
  }
  const against: Config = {
    ...config,
    apiUrl: sandbox.baseUrl,
    apiKey: 'sandbox',
    perRequestKey: false,
    secret: config.secret ?? sandbox.confirmations?.secret,
  };
  return {
    config: against,
    s3: sandbox.s3,
    redeemed: sandbox.confirmations?.redeemed,
    close: () => sandbox.close(),
  };
}
