import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';

const KEY_A = 'canary_alice_5f2b7c9d1e';
const KEY_B = 'canary_bob_8a4e6c2f0d';

describe('--per-request-key: each caller brings its own Paperspace key', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--toolsets', 'all', '--per-request-key'], {
      PAPERSPACE_API_KEY: 'server_key_never_used',
    });
  });
  afterAll(() => h.close());

  it.each(['legacy', 'modern'] as const)(
    'interleaved calls never carry the other caller key (%s era)',
    async (era) => {
      const alice = await httpClient(h.http.url, { era, headers: { 'x-paperspace-api-key': KEY_A } });
      const bob = await httpClient(h.http.url, { era, headers: { 'x-paperspace-api-key': KEY_B } });
      for (let round = 0; round < 3; round++) {
        for (const [client, key] of [
          [alice, KEY_A],
          [bob, KEY_B],
        ] as const) {
          const before = h.sandbox.log.length;
          const result = await client.callTool({ name: 'auth_session_get', arguments: {} });
          expect(result.isError).toBeFalsy();
          const seen = h.sandbox.log.slice(before).map((r) => r.authorization);
          expect(seen).toEqual([`Bearer ${key}`]);
        }
      }
      const before = h.sandbox.log.length;
      await Promise.all([
        ...Array.from({ length: 5 }, () => alice.callTool({ name: 'auth_session_get', arguments: {} })),
        ...Array.from({ length: 5 }, () => bob.callTool({ name: 'auth_session_get', arguments: {} })),
      ]);
      const auths = h.sandbox.log.slice(before).map((r) => r.authorization);
      expect(auths.filter((a) => a === `Bearer ${KEY_A}`)).toHaveLength(5);
      expect(auths.filter((a) => a === `Bearer ${KEY_B}`)).toHaveLength(5);
      expect(h.sandbox.log.some((r) => r.authorization?.includes('server_key_never_used'))).toBe(false);
      await alice.close();
      await bob.close();
    },
  );

  it('a confirmation token minted for one caller is refused for another', async () => {
    const alice = await httpClient(h.http.url, { era: 'modern', headers: { 'x-paperspace-api-key': KEY_A } });
    const bob = await httpClient(h.http.url, { era: 'modern', headers: { 'x-paperspace-api-key': KEY_B } });
    const created = await alice.callTool({ name: 'projects_create', arguments: { name: 'alice-project' } });
    const id = (created.structuredContent as { id: string }).id;
    const preview = await alice.callTool({ name: 'projects_delete', arguments: { id } });
    const token = /"confirm": "([^"]+)"/.exec(
      (preview.content as Array<{ text: string }>)[0]?.text ?? '',
    )?.[1];
    const before = h.sandbox.log.length;
    const stolen = await bob.callTool({ name: 'projects_delete', arguments: { id, confirm: token } });
    expect(stolen.isError).toBe(true);
    expect(JSON.stringify(stolen.content)).toMatch(/another caller/);
    expect(h.sandbox.log.slice(before).filter((r) => r.method === 'DELETE')).toEqual([]);
    await alice.close();
    await bob.close();
  });

  it('a caller without a key is refused with 401', async () => {
    const res = await fetch(h.http.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    });
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toMatch(/x-paperspace-api-key/);
  });
});
