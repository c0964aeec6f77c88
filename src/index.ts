#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { ConfigError } from './config/error.js';
import { loadConfig } from './config/index.js';
import { say } from './log.js';
import { readSandboxState } from './sandbox/state-file.js';
import { TOOL_TABLE } from './tools/registry/prebuilt.js';
import { selectTools } from './tools/registry/selection.js';
import { toolListJson } from './tools/registry/tool-table.js';
import { answerEarly } from './transports/stdio/stdio-early.js';

/**
 * The entry stays small on purpose: it checks every flag, and on stdio it starts answering the
 * host (initialize, then tools/list from the table prebuilt at build time) while the SDK, zod and
 * undici load (main.js), which then take over the same stdin and stdout; a tool's row loads at its
 * first call. A bad flag, tool or toolset name exits 2 before anything is started, printed or
 * answered, on either transport.
 */
async function start(): Promise<void> {
  const [command, subcommand, ...rest] = process.argv.slice(2);
  if (command === 'audit') {
    const { auditCommand } = await import('./audit/verify.js');
    process.exitCode = await auditCommand([subcommand, ...rest], (line) => process.stdout.write(`${line}\n`));
    return;
  }
  const config = loadConfig(process.argv.slice(2), process.env);
  if (config.help || config.version) {
    const { main } = await import('./main.js');
    return main(config);
  }
  const tools = selectTools(TOOL_TABLE.tools, TOOL_TABLE.toolsets, TOOL_TABLE.defaults, config);
  // A policy file that does not parse or validate stops the server here, with its path (and pointer).
  const policy = config.policy
    ? (await import('./policy/in-force.js')).rulesInForce(
        config.policy,
        TOOL_TABLE.tools.map((t) => t.name),
      )
    : undefined;
  // An unusable state file stops the server here, before the sandbox starts or a host is answered.
  if (config.sandboxState) readSandboxState(config.sandboxState);
  if (config.http) {
    const { main } = await import('./main.js');
    return main(config, { policy });
  }
  // One host, one process, for hours: a heap that stays small matters more than peak speed. Measured
  // over 10,000 calls (docs/PERFORMANCE.md), RSS stays near 80 MB with this and climbs past 140 MB
  // without it, at the same latency.
  setFlagsFromString('--optimize-for-size');
  // Tools an operator's rule denies outright are not listed, from the first answer on.
  const early = answerEarly(toolListJson(policy ? tools.filter((t) => !policy.hides(t.name)) : tools));
  await early.settled;
  const { main } = await import('./main.js');
  return main(config, { early, policy });
}

/** Exit codes: 2 for configuration errors (bad flag, missing token beyond loopback), 1 otherwise. */
function fail(error: unknown): never {
  const known = error instanceof ConfigError;
  say(known ? error.message : `fatal: ${error instanceof Error ? error.message : String(error)}`, 'error');
  process.exit(known ? 2 : 1);
}

start().catch(fail);
