import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryServer } from './canaries.js';
import { echoError, type HostileUpstream, json, startHostileUpstream } from './hostile-upstream.js';

const textOf = (r: { content?: unknown }) =>
  ((r.content as Array<{ text?: string }>)[0]?.text ?? '') as string;

/** A machine as machines_create answers it, except that `os` is null (which the row does not expect). */
const CREATED = {
  event: { id: 'evhostile' },
  data: { id: 'psnew', name: 'box', os: null, state: 'provisioning', dtDeleted: {} },
};

describe('a completed call is never reported as a failure', () => {
  let upstream: HostileUpstream;
  beforeAll(async () => {
    upstream = await startHostileUpstream();
  });
  afterAll(() => upstream.close());

  it('a 200 that does not fit the output schema: the first line says the request succeeded, the answer follows', async () => {
    upstream.behave((_req, res) => json(res, 200, CREATED));
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all', '--confirm', 'off']);
    try {
      const result = await server.client.callTool({
        name: 'machines_create',
        arguments: {
          name: 'box',
          machineType: 'A4000',
          templateId: 'tpl',
          diskSize: 50,
          region: 'ny2',
        },
      });
      expect(result.isError).toBe(true);
      const [first, ...rest] = textOf(result).split('\n');
      expect(first).toMatch(
        /^The request was sent and succeeded: machines_create was applied\. Do not call it again/,
      );
      expect(textOf(result)).not.toMatch(/Output validation error/);
      expect(JSON.parse(rest.at(-1) as string)).toEqual(CREATED);
      expect(upstream.seen.filter((r) => r.method === 'POST')).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('a read that does not fit says it succeeded and that nothing was changed', async () => {
    upstream.behave((_req, res) => json(res, 200, { id: 'psx', os: null }));
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all']);
    try {
      const result = await server.client.callTool({ name: 'machines_get', arguments: { id: 'psx' } });
      expect(result.isError).toBe(true);
      expect(textOf(result).split('\n')[0]).toBe('The request was sent and succeeded; nothing was changed.');
    } finally {
      await server.close();
    }
  });

  it('a 5xx after a mutation was sent says the change may have been applied; a 4xx refusal does not', async () => {
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all', '--confirm', 'off']);
    try {
      upstream.behave(echoError(502));
      const failed = await server.client.callTool({ name: 'machines_start', arguments: { id: 'ps1' } });
      expect(failed.isError).toBe(true);
      expect(textOf(failed).split('\n')[0]).toBe(
        'The machines_start request was sent, and the change may have been applied. Check the current state with a get or list tool before calling machines_start again.',
      );
      upstream.behave(echoError(409));
      const refused = await server.client.callTool({ name: 'machines_start', arguments: { id: 'ps1' } });
      expect(textOf(refused)).toMatch(/^Paperspace API error 409 /);
      upstream.behave(echoError(502));
      const read = await server.client.callTool({ name: 'machines_get', arguments: { id: 'ps1' } });
      expect(textOf(read)).not.toMatch(/may have been applied/);
    } finally {
      await server.close();
    }
  });
});
