import type { Progress } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';

describe.each(['legacy', 'modern'] as const)('retries reported as progress (%s era)', (era) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era });
  });
  afterAll(() => h.close());

  it('a caller that asks for progress hears of each retry, then gets the result', async () => {
    h.sandbox.faults.push({ kind: 'status', status: 503, times: 2, path: '/auth/session' });
    const heard: Progress[] = [];
    const result = await h.client.callTool(
      { name: 'auth_session_get', arguments: {} },
      { onprogress: (p) => heard.push(p) },
    );
    expect(result.isError).toBeFalsy();
    expect(heard.map((p) => p.progress)).toEqual([1, 2]);
    expect(heard[0]?.message).toMatch(
      /^GET \/auth\/session got HTTP 503; retrying in \d+ ms \(retry 1 of 2\)\.$/,
    );
    expect(heard[1]?.message).toMatch(/\(retry 2 of 2\)/);
  });

  it('a caller that does not ask hears nothing, and the call still succeeds', async () => {
    h.sandbox.faults.push({ kind: 'status', status: 503, times: 1, path: '/auth/session' });
    const notifications: string[] = [];
    h.client.fallbackNotificationHandler = async (n) => {
      notifications.push(n.method);
    };
    const result = await h.client.callTool({ name: 'auth_session_get', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(notifications).not.toContain('notifications/progress');
  });
});
