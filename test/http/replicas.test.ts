import { afterAll, beforeAll, describe, expect } from 'vitest';
import { PaperspaceClient } from '../../src/client/client.js';
import { isMutating, type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { Api, GATED_FIXTURES, type GatedFixture } from '../helpers/gated-fixtures.js';
import { confirmTokenIn } from '../helpers/harness.js';
import { httpClient } from '../helpers/http.js';
import { runToExit, type ServerProcess, spawnHttpServer } from '../helpers/process.js';
import { itWithRedis, REDIS_BINARY, type RedisServer, startRedis } from '../helpers/redis.js';
import { roundRobin } from '../helpers/round-robin.js';

/**
 * A confirmation works exactly once across replicas: two server processes with one secret and
 * one Redis, behind a round-robin proxy, so the second redemption of a token always lands on the
 * other replica. The three tools are those whose call leaves the target's fingerprint unchanged,
 * so nothing but the redeemed-token store can stop the replay.
 */
const textIn = (r: { content?: unknown }) => (r.content as Array<{ text?: string }>)?.[0]?.text ?? '';

const REPLAYABLE = ['snapshots_restore', 'private_networks_create', 'startup_scripts_update'] as const;
const SECRET = 'shared-secret-for-both-replicas';

describe('two replicas sharing a Redis', () => {
  let sandbox: Sandbox;
  let redis: RedisServer | undefined;
  let api: Api;
  let upstream: PaperspaceClient;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ transitionMs: 0 });
    upstream = new PaperspaceClient({ apiKey: 'replica_key', baseUrl: sandbox.baseUrl });
    api = new Api(upstream);
    if (REDIS_BINARY) redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await upstream.close();
    await redis?.stop();
    await sandbox.close();
  });

  async function replicas(extraEnv: Record<string, string>) {
    const env = {
      PAPERSPACE_API_KEY: 'replica_key',
      PAPERSPACE_API_URL: sandbox.baseUrl,
      PAPERSPACE_MCP_SECRET: SECRET,
      ...extraEnv,
    };
    const a = await spawnHttpServer(['--toolsets', 'all'], env);
    const b = await spawnHttpServer(['--toolsets', 'all'], env);
    servers.push(a, b);
    const proxy = await roundRobin([a.url, b.url]);
    const client = await httpClient(proxy.url, { era: 'modern', headers: { host: new URL(a.url).host } });
    return { a, b, proxy, client };
  }

  itWithRedis(
    'a token redeems once in all replicas; the replay on the other replica is refused and sends nothing',
    async () => {
      const { a, b, proxy, client } = await replicas({
        PAPERSPACE_MCP_REDIS_URL: (redis as RedisServer).url,
      });
      try {
        for (const stderr of [a.stderr(), b.stderr()]) expect(stderr).not.toMatch(/single-use per replica/);
        for (const name of REPLAYABLE) {
          const fixture = await (GATED_FIXTURES[name] as (x: Api) => Promise<GatedFixture>)(api);
          const preview = await client.callTool({ name, arguments: fixture.args });
          const token = confirmTokenIn(preview);
          expect(token, textIn(preview)).toBeDefined();
          const mark = sandbox.log.length;
          const hits = [...proxy.hits];
          const first = await client.callTool({ name, arguments: { ...fixture.args, confirm: token } });
          const second = await client.callTool({ name, arguments: { ...fixture.args, confirm: token } });
          // One call each way: the two redemptions were served by different replicas.
          expect(proxy.hits.map((n, i) => n - (hits[i] as number))).toEqual([1, 1]);
          expect(first.isError, textIn(first)).toBeFalsy();
          expect(second.isError, name).toBe(true);
          expect(textIn(second)).toMatch(/it has already been used/);
          expect(sandbox.log.slice(mark).filter(isMutating), name).toHaveLength(1);
        }
        await client.close();
      } finally {
        proxy.server.close();
      }
    },
    30_000,
  );
});

describe('start-up warnings about single use', () => {
  itWithRedis('none with a shared Redis', async () => {
    const redis = await startRedis();
    const server = await spawnHttpServer([], {
      PAPERSPACE_API_KEY: 'k',
      PAPERSPACE_MCP_SECRET: SECRET,
      PAPERSPACE_MCP_REDIS_URL: redis.url,
    });
    server.kill('SIGTERM');
    await server.exited;
    await redis.stop();
    expect(server.stderr()).not.toMatch(/single-use per replica|a restart forgets/);
  });

  const warnings = async (args: string[], env: Record<string, string>) => {
    const server = await spawnHttpServer(args, { PAPERSPACE_API_KEY: 'k', ...env });
    server.kill('SIGTERM');
    await server.exited;
    return server.stderr();
  };

  itWithRedis(
    'over HTTP with a fixed secret and memory: per replica only, and forgotten on restart',
    async () => {
      const stderr = await warnings([], { PAPERSPACE_MCP_SECRET: SECRET });
      expect(stderr).toMatch(/"level":"warn".*single-use per replica only/);
      expect(stderr).toMatch(/"level":"warn".*a restart forgets them/);
      expect(stderr).not.toContain(SECRET);
      // A random per-process secret: tokens die with the process, nothing to warn about.
      expect(await warnings([], {})).not.toMatch(/single-use per replica|a restart forgets/);
    },
  );

  itWithRedis(
    'a Redis URL nobody answers stops the start-up with exit code 1 and no URL in the log',
    async () => {
      const redis = await startRedis();
      await redis.stop();
      const url = redis.url.replace('redis://', 'redis://user:canary-redis-password@');
      const { code, stderr } = await runToExit(['--http', '--port', '0'], {
        PAPERSPACE_API_KEY: 'k',
        PAPERSPACE_MCP_REDIS_URL: url,
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(/cannot connect to the Redis of PAPERSPACE_MCP_REDIS_URL/);
      expect(stderr).not.toContain('canary-redis-password');
    },
  );
});
