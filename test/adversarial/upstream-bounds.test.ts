import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PaperspaceClient } from '../../src/client/client.js';
import { ResponseTooLargeError, TimeoutError } from '../../src/client/errors.js';
import { loadConfig } from '../../src/config/index.js';
import { inMemoryServer } from './canaries.js';
import { flood, type HostileUpstream, json, startHostileUpstream, trickle } from './hostile-upstream.js';

const MB = 1024 * 1024;

describe('the upstream cannot hold a call or the memory hostage', () => {
  let upstream: HostileUpstream;
  let client: PaperspaceClient;
  beforeAll(async () => {
    upstream = await startHostileUpstream();
    client = new PaperspaceClient({
      apiKey: 'bounds-test-key',
      baseUrl: upstream.baseUrl,
      timeoutMs: 1_000,
      maxRetries: 0,
      maxResponseBytes: MB,
    });
  });
  afterAll(async () => {
    await client.close();
    await upstream.close();
  });
  afterEach(() => {
    upstream.writes.length = 0;
  });

  it('a body trickling one byte every 100 ms fails with a timeout: the deadline covers the body', async () => {
    upstream.behave(trickle(100));
    const error = await client.request({ method: 'GET', path: '/machines' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/within 1000 ms/);
    // The connection was dropped by us, not finished by the upstream.
    await expect.poll(() => upstream.writes[0]?.aborted).toBe(true);
  });

  it('a body over the cap is dropped while streaming, not read to the end', async () => {
    const total = 64 * MB;
    upstream.behave(flood(total));
    const error = await client.request({ method: 'GET', path: '/machines' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/more than 1048576 bytes/);
    await expect.poll(() => upstream.writes[0]?.aborted).toBe(true);
    expect(upstream.writes[0]?.bytes).toBeLessThan(total / 2);
  });

  it('a declared Content-Length over the cap fails before the body is read', async () => {
    upstream.behave(flood(8 * MB, true));
    await expect(client.request({ method: 'GET', path: '/machines' })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
  });

  it('a body under the cap still arrives whole', async () => {
    const pad = 'x'.repeat(MB - 100);
    upstream.behave((_req, res) => json(res, 200, { pad }));
    await expect(client.request({ method: 'GET', path: '/machines' })).resolves.toEqual({ pad });
  });

  it('over MCP: too large a read says so and that nothing changed; too large a mutation says it may have been applied', async () => {
    upstream.behave(flood(4 * MB));
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all', '--confirm', 'off'], {
      maxResponseBytes: MB,
    });
    try {
      const read = await server.client.callTool({ name: 'machines_list', arguments: {} });
      const write = await server.client.callTool({ name: 'machines_start', arguments: { id: 'psbig' } });
      const textOf = (r: typeof read) => (r.content as Array<{ text: string }>)[0]?.text ?? '';
      expect(read.isError).toBe(true);
      expect(textOf(read)).toMatch(/more than 1048576 bytes/);
      expect(textOf(read)).not.toMatch(/may have been applied/);
      expect(write.isError).toBe(true);
      expect(textOf(write).split('\n')[0]).toMatch(/was sent, and the change may have been applied/);
    } finally {
      await server.close();
    }
  });
});

describe('--max-response-bytes', () => {
  it('defaults to 16 MB and is read from the flag or PAPERSPACE_MCP_MAX_RESPONSE_BYTES', () => {
    expect(loadConfig([], {}).maxResponseBytes).toBe(16 * MB);
    expect(loadConfig(['--max-response-bytes', '2048'], {}).maxResponseBytes).toBe(2048);
    expect(loadConfig([], { PAPERSPACE_MCP_MAX_RESPONSE_BYTES: '4096' }).maxResponseBytes).toBe(4096);
    expect(() => loadConfig(['--max-response-bytes=12'], {})).toThrow(
      /Invalid --max-response-bytes: must be at least 1024/,
    );
  });
});
