#!/usr/bin/env node
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { PaperspaceClient } from './client/client.js';
import { ConfigError, HELP, loadConfig } from './config.js';
import { createServerFactory } from './server.js';
import { VERSION } from './version.js';

const log = (message: string) => process.stderr.write(`paperspace-mcp: ${message}\n`);

async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env);
  if (config.help) {
    process.stdout.write(HELP);
    return;
  }
  if (config.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (config.sandbox) {
    const { startSandbox } = await import('./sandbox/sandbox.js');
    const sandbox = await startSandbox({ seed: true });
    config.apiUrl = sandbox.baseUrl;
    config.apiKey = 'sandbox';
    log(`SANDBOX: serving a simulated Paperspace API at ${sandbox.baseUrl}; nothing touches a real account.`);
  }
  if (config.confirm === 'off') {
    log('--confirm off: destructive tools run WITHOUT asking for confirmation.');
  }
  if (!config.apiKey) log('PAPERSPACE_API_KEY is not set: tools are listed, calls will fail until it is.');
  const client = new PaperspaceClient({
    apiKey: config.apiKey,
    baseUrl: config.apiUrl,
    timeoutMs: config.timeoutMs,
    onRetry: (r) => log(`retry ${r.attempt} of ${r.method} ${r.path} in ${r.delayMs} ms (${r.reason})`),
  });
  const factory = createServerFactory(config, { client });
  serveStdio(factory, { onerror: (error) => log(`error: ${error.message}`) });
}

main().catch((error: unknown) => {
  log(
    error instanceof ConfigError ? error.message : `fatal: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
