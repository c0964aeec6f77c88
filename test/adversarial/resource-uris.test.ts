import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';
import { AUTH_TOKEN, type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';

/** The error a resources/read answers with, or 'read' when it succeeded. */
const readError = (read: Promise<unknown>) =>
  read.then(
    () => 'read',
    (error: Error) => error.message,
  );

/**
 * Dot segments ("..", "%2E%2E") are resolved away by URL parsing before any template matches, so
 * the SDK answers "not found" naming the URI as sent; the test holds that nothing is requested.
 */
const DOT_SEGMENTS = [
  'paperspace://datasets/dsx/versions/..',
  'paperspace://datasets/dsx/versions/.',
  'paperspace://datasets/dsx/versions/%2E%2E',
  'paperspace://datasets/%2E%2E/versions/v1',
  'paperspace://datasets/%2E%2E',
];

const REFUSED: Array<[string, RegExp]> = [
  ['paperspace://datasets/dsx:..', /version must be an id of 1–256 characters.*it is "\.\."/],
  ['paperspace://datasets/dsx:.', /version must be an id .*it is "\."/],
  [`paperspace://datasets/${'d'.repeat(257)}`, /datasetId must be an id .*257 characters/],
  [`paperspace://datasets/dsx/versions/${'v'.repeat(300)}`, /version must be an id .*300 characters/],
  ['paperspace://datasets/ds%0Ax/versions/v1', /datasetId must be an id .*control character/],
  ['paperspace://datasets/dsx/versions/v%00', /version must be an id .*control character/],
  ['paperspace://datasets/ds%E0%A4%A', /datasetId is not valid percent-encoding/],
  // A version's files take the same ids.
  ['paperspace://datasets/dsx/versions/v%00/files/a.txt', /version must be an id .*control character/],
  [`paperspace://datasets/${'d'.repeat(257)}/versions/v1/files/a.txt`, /datasetId must be an id .*257/],
];

describe('resource URIs: the same id checks as tools, before anything reaches the API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it.each(REFUSED)('%s is refused with a clear error', async (uri, why) => {
    h.clearLog();
    const message = await readError(h.client.readResource({ uri }));
    expect(message).toMatch(/Invalid resource URI/);
    expect(message).toMatch(why);
    expect(h.requests()).toEqual([]);
  });

  it.each(DOT_SEGMENTS)('%s is refused and nothing reaches the API', async (uri) => {
    h.clearLog();
    const message = await readError(h.client.readResource({ uri }));
    expect(message).toContain(`Resource not found: ${uri}`);
    expect(h.requests()).toEqual([]);
  });

  it('a well-formed URI still reads', async () => {
    const created = await h.call('datasets_create', { name: 'uris', isPublic: false });
    const id = (created.structuredContent as { id: string }).id;
    const read = await h.client.readResource({ uri: `paperspace://datasets/${id}` });
    expect(read.contents[0]?.uri).toBe(`paperspace://datasets/${id}`);
  });
});

describe('resource URIs over HTTP', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--auth-token', AUTH_TOKEN]);
  });
  afterAll(() => h.close());

  it.each(['legacy', 'modern'] as const)(
    'a legacy id with a ".." version is refused (%s era)',
    async (era) => {
      const client = await httpClient(h.http.url, {
        era,
        headers: { authorization: `Bearer ${AUTH_TOKEN}` },
      });
      const before = h.sandbox.log.length;
      const message = await readError(client.readResource({ uri: 'paperspace://datasets/dsx:..' }));
      expect(message).toMatch(/Invalid resource URI.*version must be an id/);
      expect(h.sandbox.log.slice(before)).toEqual([]);
      await client.close();
    },
  );
});
