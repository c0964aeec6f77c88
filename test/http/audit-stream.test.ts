import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type AuditEntry, GENESIS, parseEntry } from '../../src/audit/entry.js';
import { verifyJournal } from '../../src/audit/verify.js';
import { connectRedis } from '../../src/client/redis.js';
import { isMutating, type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { httpClient } from '../helpers/http.js';
import { type ServerProcess, spawnHttpServer } from '../helpers/process.js';
import { itWithRedis, REDIS_BINARY, type RedisServer, startRedis } from '../helpers/redis.js';

/**
 * --audit-stream: two replicas of the built server write one hash chain into one Redis stream;
 * when Redis is lost, a change is refused naming the journal and nothing is sent.
 */
/** Every entry of the stream, oldest first, as XRANGE returns them. */
async function streamEntries(url: string): Promise<AuditEntry[]> {
  const client = await connectRedis(url);
  const reply = await client.sendCommand(['XRANGE', 'audit', '-', '+']);
  await client.close();
  return (Array.isArray(reply) ? reply : []).flatMap((item) => {
    const fields: unknown = Array.isArray(item) ? item[1] : undefined;
    const at = Array.isArray(fields) ? fields.indexOf('entry') : -1;
    const entry = Array.isArray(fields) && at >= 0 ? parseEntry(String(fields[at + 1])) : undefined;
    return entry ? [entry] : [];
  });
}

describe.skipIf(!REDIS_BINARY)('the audit journal as a Redis stream shared by two replicas', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  const replicas: ServerProcess[] = [];
  const key = { 'x-paperspace-api-key': 'stream_key_0123456789' };
  beforeAll(async () => {
    redis = await startRedis();
    sandbox = await startSandbox({ seed: true, transitionMs: 0 });
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await spawnHttpServer(['--per-request-key', '--toolsets', 'all', '--audit-stream', 'audit'], {
          PAPERSPACE_API_URL: sandbox.baseUrl,
          PAPERSPACE_MCP_REDIS_URL: redis.url,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const r of replicas) {
      r.kill('SIGTERM');
      await r.exited;
    }
    await sandbox?.close();
    await redis?.stop();
  });

  itWithRedis('calls on either replica extend one chain, which verifies intact', async () => {
    const clients = await Promise.all(replicas.map((r) => httpClient(r.url, { headers: key })));
    for (let i = 0; i < 6; i++) {
      const result = await clients[i % 2]?.callTool({
        name: 'projects_create',
        arguments: { name: `p${i}` },
      });
      expect(result?.isError).toBeFalsy();
    }
    const entries = await streamEntries(redis.url);
    expect(entries.map((e) => [e.seq, e.target, e.outcome ?? 'intent'])).toEqual(
      Array.from({ length: 6 }, (_, i) => [
        [2 * i + 1, `p${i}`, 'intent'],
        [2 * i + 2, `p${i}`, 'applied'],
      ]).flat(),
    );
    expect(entries[0]?.prev).toBe(GENESIS);
    const file = join(mkdtempSync(join(tmpdir(), 'audit-stream-')), 'copy.jsonl');
    writeFileSync(file, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
    expect(await verifyJournal(file)).toEqual({ ok: true, entries: 12 });
    for (const c of clients) await c.close();
  });

  itWithRedis('with Redis lost, a change is refused naming the stream, and nothing is sent', async () => {
    const client = await httpClient(replicas[0]?.url ?? '', { headers: key });
    await redis.stop();
    const before = sandbox.log.length;
    const result = await client.callTool({ name: 'projects_create', arguments: { name: 'unjournaled' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain(
      'the audit journal (redis stream audit) cannot be written',
    );
    expect(sandbox.log.slice(before).filter(isMutating)).toEqual([]);
    await client.close();
  });
});
