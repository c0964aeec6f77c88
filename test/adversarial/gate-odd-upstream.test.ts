import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, GATED_FIXTURES } from '../helpers/gated-fixtures.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { inMemoryServer } from './canaries.js';
import { type HostileUpstream, json, startHostileUpstream } from './hostile-upstream.js';

/**
 * The gate fails closed on answers no real target looks like: an upstream that answers every read
 * with null, an empty array, a bare string or number, an empty object, or a list of nulls never
 * receives a mutating request from any gated tool called without a confirmation.
 */
const ODD_ANSWERS: ReadonlyArray<[string, unknown]> = [
  ['null', null],
  ['an empty array', []],
  ['a string', 'ok'],
  ['a number', 0],
  ['an empty object', {}],
  ['a list of nulls', { items: [null], hasMore: false }],
  ['a list of empty objects', { items: [{}], hasMore: false }],
];

describe('gated tools against reads that answer oddly', () => {
  let h: Harness;
  let upstream: HostileUpstream;
  const fixtures: Array<[string, Record<string, unknown>]> = [];
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all'], sandbox: { seed: true } });
    const api = new Api(h.api, h.sandbox.store);
    for (const [name, make] of Object.entries(GATED_FIXTURES)) fixtures.push([name, (await make(api)).args]);
    upstream = await startHostileUpstream();
  });
  afterAll(async () => {
    await upstream.close();
    await h.close();
  });

  it.each(ODD_ANSWERS)('reads answering %s: nothing is sent unconfirmed', async (_label, answer) => {
    upstream.behave((req, res) => json(res, 200, req.method === 'GET' ? answer : {}));
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all']);
    const sent: string[] = [];
    try {
      for (const [name, args] of fixtures) {
        upstream.seen.length = 0;
        await server.client.callTool({ name, arguments: args });
        for (const seen of upstream.seen)
          if (seen.method !== 'GET') sent.push(`${name}: ${seen.method} ${seen.url}`);
      }
    } finally {
      await server.close();
    }
    expect(sent).toEqual([]);
  });
});
