import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../helpers/http.js';
import { type ServerProcess, spawnHttpServer } from '../helpers/process.js';
import { spawnServer } from '../helpers/spawn.js';
import { CANARY, expectNoCanary, SECRET_CALLS } from './canaries.js';
import {
  echoError,
  echoSuccess,
  type HostileUpstream,
  hang,
  htmlError,
  startHostileUpstream,
} from './hostile-upstream.js';

/** The retrying statuses are covered in memory; here each path once, with hang driving logged retries. */
const BEHAVIOURS = [echoError(400), htmlError(502), echoSuccess, hang];

/** Runs every secret-carrying call and a read against each hostile behaviour; returns all results. */
async function runAll(
  upstream: HostileUpstream,
  call: (name: string, args: Record<string, unknown>) => Promise<unknown>,
): Promise<string[]> {
  const results: string[] = [];
  for (const behaviour of BEHAVIOURS) {
    upstream.behave(behaviour);
    for (const c of [...SECRET_CALLS, { name: 'machines_get', args: { id: 'pshostile' } }]) {
      results.push(JSON.stringify(await call(c.name, c.args)));
    }
  }
  return results;
}

describe('no secret leaves the built binary: results and stderr', () => {
  let upstream: HostileUpstream;
  beforeAll(async () => {
    upstream = await startHostileUpstream();
  });
  afterAll(() => upstream.close());

  it('over stdio', async () => {
    const server = await spawnServer(['--toolsets', 'all', '--confirm', 'off', '--timeout', '300'], {
      PAPERSPACE_API_KEY: CANARY.apiKey,
      PAPERSPACE_API_URL: upstream.baseUrl,
      PAPERSPACE_MCP_SECRET: CANARY.signingSecret,
    });
    let results: string[];
    try {
      results = await runAll(upstream, (name, args) => server.client.callTool({ name, arguments: args }));
    } finally {
      await server.close();
    }
    expectNoCanary('stdio results', results.join('\n'));
    expectNoCanary('stdio stderr', server.stderr());
    // The retries of the failing GET were logged, so stderr did carry upstream-derived lines.
    expect(server.stderr()).toMatch(/"msg":"retry"/);
    expect(JSON.stringify(upstream.seen)).toContain(`Bearer ${CANARY.apiKey}`);
  });

  describe('over HTTP, multi-tenant with a bearer token', () => {
    let proc: ServerProcess;
    beforeAll(async () => {
      proc = await spawnHttpServer(
        ['--toolsets', 'all', '--confirm', 'off', '--timeout', '300', '--per-request-key'],
        {
          PAPERSPACE_API_URL: upstream.baseUrl,
          PAPERSPACE_MCP_SECRET: CANARY.signingSecret,
          PAPERSPACE_MCP_AUTH_TOKEN: CANARY.authToken,
        },
      );
    });
    afterAll(async () => {
      proc.kill('SIGTERM');
      await proc.exited;
    });

    it.each(['legacy', 'modern'] as const)(
      '%s client: results and log lines carry no canary',
      async (era) => {
        const client = await httpClient(proc.url, {
          era,
          headers: { authorization: `Bearer ${CANARY.authToken}`, 'x-paperspace-api-key': CANARY.tenantKey },
        });
        let results: string[];
        try {
          results = await runAll(upstream, (name, args) => client.callTool({ name, arguments: args }));
        } finally {
          await client.close();
        }
        expectNoCanary('HTTP results', results.join('\n'));
        expect(JSON.stringify(upstream.seen)).toContain(`Bearer ${CANARY.tenantKey}`);
      },
    );

    it('a request line carrying the token is logged redacted', async () => {
      const url = new URL(proc.url);
      url.search = `access_token=${CANARY.authToken}`;
      await fetch(url, { method: 'GET' }).then((r) => r.arrayBuffer());
      await expect.poll(() => proc.stderr()).toMatch(/access_token=\[redacted\]/);
      expectNoCanary('HTTP stderr', proc.stderr());
    });
  });
});
