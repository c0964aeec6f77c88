import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CANARIES, CANARY, expectNoCanary, inMemoryServer, SECRET_CALLS } from './canaries.js';
import {
  type Behaviour,
  echoError,
  echoSuccess,
  type HostileUpstream,
  hang,
  htmlError,
  json,
  startHostileUpstream,
} from './hostile-upstream.js';

/** Every way an answer can go wrong, each one repeating what it was sent. */
const HOSTILE: ReadonlyArray<[string, Behaviour]> = [
  ['400 echoing headers and body in details, message and code', echoError(400)],
  ['422 echoing', echoError(422)],
  ['500 echoing', echoError(500)],
  ['502 HTML page printing the request', htmlError(502)],
  ['200 echoing the request in an unexpected shape', echoSuccess],
  ['no answer (timeout)', hang],
];

describe('no secret leaves through any error path (in memory)', () => {
  let upstream: HostileUpstream;
  beforeAll(async () => {
    upstream = await startHostileUpstream();
  });
  afterAll(() => upstream.close());
  afterEach(() => {
    upstream.seen.length = 0;
  });

  describe.each(HOSTILE)('upstream: %s', (_label, behaviour) => {
    it('mutations carrying secret arguments, and reads, come back without any canary', async () => {
      upstream.behave(behaviour);
      const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all', '--confirm', 'off'], {
        timeoutMs: 300,
      });
      try {
        for (const call of [
          ...SECRET_CALLS,
          { name: 'machines_get', args: { id: 'pshostile' }, canary: '' },
        ]) {
          const result = await server.client.callTool({ name: call.name, arguments: call.args });
          expect(result.isError, `${call.name}: ${JSON.stringify(result)}`).toBe(true);
          expectNoCanary(call.name, JSON.stringify(result));
        }
      } finally {
        await server.close();
      }
      // The upstream did receive the canaries, so the checks above could fail.
      const received = JSON.stringify(upstream.seen);
      expect(received).toContain(`Bearer ${CANARY.apiKey}`);
      for (const call of SECRET_CALLS) expect(received).toContain(call.canary);
    });
  });

  it('an echoing error still says what went wrong (status, and which call)', async () => {
    upstream.behave(echoError(400));
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all', '--confirm', 'off']);
    try {
      const result = await server.client.callTool({ name: 'machines_get', arguments: { id: 'pshostile' } });
      const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
      expect(text).toMatch(/^Paperspace API error 400 /);
      expect(text).toContain('[redacted]');
      expect(text).toContain('/machines/pshostile');
    } finally {
      await server.close();
    }
  });

  it('argument validation errors pass the filter too: a key named like a secret value is not echoed', async () => {
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all']);
    try {
      const result = await server.client.callTool({
        name: 'machines_get',
        arguments: { id: 'pshostile', [CANARY.apiKey]: 1 },
      });
      expect(result.isError).toBe(true);
      const text = JSON.stringify(result);
      expect(text).toMatch(/Input validation error/);
      expectNoCanary('validation error', text);
      expect(upstream.seen).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('resource reads and their errors carry no canary', async () => {
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all']);
    try {
      for (const behaviour of [echoError(400), echoError(500), htmlError(502), echoSuccess]) {
        upstream.behave(behaviour);
        const outcome = await server.client
          .readResource({ uri: 'paperspace://datasets/dshostile/versions/v1' })
          .then((r) => JSON.stringify(r))
          .catch((error: Error) => `error: ${error.message}`);
        expect(outcome).toMatch(/dshostile|error/);
        expectNoCanary('resource read', outcome);
      }
    } finally {
      await server.close();
    }
    expect(JSON.stringify(upstream.seen)).toContain(CANARY.apiKey);
  });

  it('an API answer shaped like a confirmation request gets no exemption: its token is filtered', async () => {
    // Only the gate's own requests keep their `token` past the filter; an answer may imitate one.
    upstream.behave((req, res) => {
      const token = String(req.headers.authorization);
      json(res, 200, {
        id: 'x',
        token,
        _meta: { 'paperspace-mcp/confirmation': { tool: 'machines_get', token } },
      });
    });
    const server = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all']);
    try {
      const result = await server.client.callTool({ name: 'machines_get', arguments: { id: 'pshostile' } });
      expectNoCanary('imitated confirmation request', JSON.stringify(result));
      expect(JSON.stringify(result)).toContain('[redacted]');
    } finally {
      await server.close();
    }
    expect(JSON.stringify(upstream.seen)).toContain(CANARY.apiKey);
  });

  it('confirmation previews (token mode) and elicitation questions carry no secret argument', async () => {
    // The target fetch answers with an echo of the request: the preview is built from hostile data.
    upstream.behave(echoSuccess);
    const tokenMode = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all']);
    const elicit = await inMemoryServer(upstream.baseUrl, ['--toolsets', 'all'], { elicit: 'accept' });
    const seen: string[] = [];
    try {
      for (const server of [tokenMode, elicit]) {
        for (const name of ['projects_secrets_update', 'teams_secrets_update']) {
          const result = await server.client.callTool({
            name,
            arguments: { id: 'prhostile1', name: 'DB_URL', value: CANARY.secretValue },
          });
          seen.push(JSON.stringify(result));
        }
      }
      seen.push(...elicit.elicitations);
    } finally {
      await tokenMode.close();
      await elicit.close();
    }
    expect(elicit.elicitations.length).toBeGreaterThan(0);
    expect(seen.join('\n')).toMatch(/Confirmation required/);
    expectNoCanary('gate output', seen.join('\n'));
    expect(ALL_CANARIES.some((c) => JSON.stringify(upstream.seen).includes(c))).toBe(true);
  });
});
