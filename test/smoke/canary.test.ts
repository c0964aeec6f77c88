import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { spawnServer } from '../helpers/spawn.js';

const CANARY = 'canary_key_d41d8cd98f00b204e9800998ecf8427e';

describe('the API key never leaks', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: CANARY, transitionMs: 0 });
  });
  afterAll(() => sandbox.close());

  it('appears in no result, error or stderr line, and does reach the API as the bearer', async () => {
    const server = await spawnServer(['--toolsets', 'all', '--confirm', 'off'], {
      PAPERSPACE_API_KEY: CANARY,
      PAPERSPACE_API_URL: sandbox.baseUrl,
    });
    const seen: string[] = [];
    try {
      const calls: Array<[string, Record<string, unknown>]> = [
        ['auth_session_get', {}],
        ['machines_list', { limit: 2 }],
        ['machines_get', { id: 'psnotthere' }],
        ['machines_list', { limit: 9999 }],
        ['projects_secrets_create', { id: 'prnotthere', name: 'TOKEN', value: CANARY }],
        ['machines_delete', { id: 'psnotthere' }],
      ];
      sandbox.faults.push({ kind: 'status', status: 503, times: 10, path: '/auth/session' });
      calls.push(['auth_session_get', {}]);
      for (const [name, args] of calls) {
        if (name === 'auth_session_get' && seen.length === 0) sandbox.faults.length = 0;
        const result = await server.client.callTool({ name, arguments: args });
        seen.push(JSON.stringify(result));
      }
      const { tools } = await server.client.listTools();
      seen.push(JSON.stringify(tools));
    } finally {
      await server.close();
    }
    expect(seen.join('\n')).not.toContain(CANARY);
    expect(seen.some((s) => s.includes('"isError":true'))).toBe(true);
    expect(server.stderr()).not.toContain(CANARY);
    expect(sandbox.log.some((r) => r.authorization === `Bearer ${CANARY}`)).toBe(true);
  });

  it('a rejected key is reported without echoing it', async () => {
    const server = await spawnServer([], {
      PAPERSPACE_API_KEY: `${CANARY}x`,
      PAPERSPACE_API_URL: sandbox.baseUrl,
    });
    try {
      const result = await server.client.callTool({ name: 'auth_session_get', arguments: {} });
      const text = JSON.stringify(result);
      expect(result.isError).toBe(true);
      expect(text).toMatch(/401/);
      expect(text).toMatch(/PAPERSPACE_API_KEY/);
      expect(text).not.toContain(CANARY);
      expect(server.stderr()).not.toContain(CANARY);
    } finally {
      await server.close();
    }
  });
});
