import type { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { expect } from 'vitest';
import type { Journal } from '../../src/audit/journal.js';
import { PaperspaceClient } from '../../src/client/client.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import type { Policy } from '../../src/confirm/policy.js';
import { CONFIRMATION_META_KEY, CONFIRMATION_REQUEST } from '../../src/confirm/request.js';
import type { RedeemedStore } from '../../src/confirm/store.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/sandbox.js';
import { createServerFactory } from '../../src/server.js';
import { testClient } from './test-client.js';

export const TEST_KEY = 'ps_test_key_0123456789abcdef';

export type Era = 'legacy' | 'modern';

export interface HarnessOptions {
  /** CLI flags for the server, e.g. ['--toolsets', 'all', '--confirm', 'off']. */
  args?: string[];
  era?: Era;
  sandbox?: SandboxOptions;
  /** Client capabilities (e.g. { elicitation: { form: {} } }). */
  capabilities?: Record<string, unknown>;
  apiKey?: string;
  clientOptions?: { maxRetries?: number; retryBaseMs?: number; timeoutMs?: number };
  /** Declare form elicitation and answer every question this way. */
  elicit?: 'accept' | 'decline' | 'cancel';
  /** Waits between polls of the wait tools (default: a few ms, so waits end as soon as the sandbox does). */
  pollIntervalsMs?: number[];
  /** Environment variables for the config, on top of the key and the sandbox URL. */
  env?: Record<string, string>;
  /** Where redeemed confirmations go (e.g. a Redis store); the server's own memory when not given. */
  redeemed?: RedeemedStore;
  /** Longest a redeem may take before a confirmed call is refused. */
  redeemTimeoutMs?: number;
  /** The operator's rules the confirmation engine consults first (none when not given). */
  policy?: Policy;
  /** Where mutating calls are recorded (nowhere when not given). */
  journal?: Journal;
}

export interface Harness {
  client: Client;
  sandbox: Sandbox;
  api: PaperspaceClient;
  config: Config;
  /** Elicitation questions the client was asked (with `elicit`). */
  elicitations: string[];
  /** Calls a tool and returns the raw result. */
  call(name: string, args?: Record<string, unknown>): Promise<CallResult>;
  /** Requests the sandbox received since the last `clearLog()`. */
  requests(): Sandbox['log'];
  clearLog(): void;
  close(): Promise<void>;
}

export interface CallResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

/**
 * A real server (the same factory the binary uses) behind a real SDK client over an in-memory
 * transport, talking HTTP to a real sandbox on loopback. Nothing is mocked.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox({ transitionMs: 0, ...options.sandbox });
  const config = loadConfig(options.args ?? ['--toolsets', 'all'], {
    PAPERSPACE_API_KEY: options.apiKey ?? TEST_KEY,
    PAPERSPACE_API_URL: sandbox.baseUrl,
    ...options.env,
  });
  const api = new PaperspaceClient({
    apiKey: config.apiKey,
    baseUrl: config.apiUrl,
    timeoutMs: options.clientOptions?.timeoutMs ?? 5_000,
    maxRetries: options.clientOptions?.maxRetries ?? 2,
    retryBaseMs: options.clientOptions?.retryBaseMs ?? 5,
  });
  const factory = createServerFactory(config, {
    client: api,
    pollIntervalsMs: options.pollIntervalsMs ?? [5, 10, 20],
    ...(options.redeemed ? { redeemed: options.redeemed } : {}),
    ...(options.redeemTimeoutMs ? { redeemTimeoutMs: options.redeemTimeoutMs } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.journal ? { journal: options.journal } : {}),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const handle = serveStdio(factory, { transport: serverSide });
  const { client, elicitations } = testClient('test-client', options);
  await client.connect(clientSide);
  let mark = 0;
  return {
    client,
    sandbox,
    api,
    config,
    elicitations,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallResult>,
    requests: () => sandbox.log.slice(mark),
    clearLog: () => {
      mark = sandbox.log.length;
    },
    async close() {
      await client.close();
      await handle.close();
      await api.close();
      await sandbox.close();
    },
  };
}

/** The text of a tool result's first content block. */
export const textOf = (result: CallResult) => result.content.map((c) => c.text ?? '').join('\n');

/** Matches a request the sandbox logged: method, path, query and body, sent with the test key. */
export const apiRequest = (
  method: string,
  path: string,
  query: Record<string, string> = {},
  body?: unknown,
) => expect.objectContaining({ method, path, query, body, authorization: `Bearer ${TEST_KEY}` });

/** The confirmation request a gated call's result carries for hosts (`_meta`), parsed; throws when there is none. */
export const confirmationRequestOf = (result: { _meta?: Record<string, unknown> }) =>
  CONFIRMATION_REQUEST.parse(result._meta?.[CONFIRMATION_META_KEY]);

/** The confirmation token a gated tool's preview carries, if any. */
export const confirmTokenIn = (result: { content?: unknown }) =>
  /"confirm": "([^"]+)"/.exec(
    ((result.content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n'),
  )?.[1];
