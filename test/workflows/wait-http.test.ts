import type { Progress } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { AUTH_TOKEN, type HttpHarness, httpClient, startHttpHarness } from '../helpers/http.js';
import { SEED_CLOCK } from './helpers.js';

describe.each(['legacy', 'modern'] as const)('machines_wait over HTTP (%s era)', (era) => {
  let sandbox: Sandbox;
  let h: HttpHarness;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: true, seedClock: SEED_CLOCK, transitionMs: 0 });
    h = await startHttpHarness(['--toolsets', 'all'], { PAPERSPACE_MCP_AUTH_TOKEN: AUTH_TOKEN }, sandbox);
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  it('reports polls as progress and ends when the machine is ready', async () => {
    const client = await httpClient(h.http.url, { era, headers: { authorization: `Bearer ${AUTH_TOKEN}` } });
    try {
      const dev = [...sandbox.store.table('machines').values()].find((m) => m.name === 'dev-rtx4000');
      const heard: Progress[] = [];
      const result = await client.callTool(
        { name: 'machines_wait', arguments: { id: dev?.id } },
        {
          onprogress: (p) => {
            heard.push(p);
            // Started once the wait has seen it off: the wait must poll again to see it ready.
            if (heard.length === 1)
              void client.callTool({ name: 'machines_start', arguments: { id: dev?.id } });
          },
        },
      );
      expect(result.structuredContent).toMatchObject({ done: true, state: 'ready' });
      expect(heard.length).toBe((result.structuredContent as { polls: number }).polls);
      expect(heard.length).toBeGreaterThan(1);
      expect(heard.at(-1)?.message).toMatch(/is ready after/);
    } finally {
      await client.close();
    }
  });
});
