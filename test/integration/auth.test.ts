import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TEST_KEY } from '../helpers/harness.js';

describe.each(['legacy', 'modern'] as const)('auth tools against the sandbox (%s era)', (era) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ era });
  });
  afterAll(() => h.close());

  it('auth_session_get sends GET /auth/session with the bearer and returns user and team', async () => {
    h.clearLog();
    const result = await h.call('auth_session_get');
    expect(result.isError).toBeFalsy();
    expect(h.requests()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/auth/session',
        query: {},
        body: undefined,
        authorization: `Bearer ${TEST_KEY}`,
      }),
    ]);
    expect(result.structuredContent).toMatchObject({
      user: { email: 'ada@example.com' },
      team: { namespace: 'analytical-engines' },
    });
  });
});
