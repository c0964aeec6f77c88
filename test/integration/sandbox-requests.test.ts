import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS } from '../../src/sandbox/areas/index.js';
import { requestSchemaOf, type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { splitRoute } from '../../src/tools/define.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { toolDefinition } from '../../src/tools/registry/surface.js';
import { REFERENCE } from '../contract/reference.js';
import { type Harness, startHarness, textOf } from '../helpers/harness.js';
import { fullArgs } from '../helpers/sample-args.js';

/**
 * The sandbox checks every request against the API reference, so a tool that sends a field the
 * API does not know, a wrong type, a value outside an enum or no required field fails a test even
 * when the tool's own schema agrees with it.
 */
describe('sandbox request validation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: 'k', transitionMs: 0 });
  });
  afterAll(() => sandbox.close());

  async function send(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.baseUrl}${path}`, {
      method,
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as { code?: string; message?: string } };
  }
  const badRequest = (message: string | RegExp) => ({
    status: 400,
    body: { code: 'BAD_REQUEST', message: expect.stringMatching(message) },
  });

  it('serves exactly the routes of the reference, each with its request schema', () => {
    const routes = AREAS.flatMap((a) => a.routes.map((r) => `${r.method} ${r.path}`));
    expect([...routes].sort()).toEqual(
      Object.values(REFERENCE)
        .map((r) => r.route)
        .sort(),
    );
    for (const area of AREAS) for (const route of area.routes) expect(requestSchemaOf(route)).toBeDefined();
  });

  const machine = {
    name: 'm1',
    machineType: 'C5',
    templateId: 't0',
    diskSize: 50,
    region: 'ny2',
  };

  it('refuses an unknown body field, naming it', async () => {
    expect(await send('POST', '/machines', { ...machine, autoSnapshotSaveCont: 3 })).toMatchObject(
      badRequest(/^Unrecognized field: autoSnapshotSaveCont$/),
    );
  });

  it('refuses a body field of the wrong type', async () => {
    expect(await send('POST', '/machines', { ...machine, diskSize: '50' })).toMatchObject(
      badRequest(/^diskSize must be a number$/),
    );
    expect(await send('POST', '/machines', { ...machine, startOnCreate: 'yes' })).toMatchObject(
      badRequest(/^startOnCreate must be a boolean$/),
    );
  });

  it('refuses a value outside an enum', async () => {
    expect(await send('POST', '/machines', { ...machine, publicIpType: 'elastic' })).toMatchObject(
      badRequest(/^publicIpType must be one of: static, dynamic, none$/),
    );
  });

  it('refuses a request without a required field', async () => {
    const { region: _, ...noRegion } = machine;
    expect(await send('POST', '/machines', noRegion)).toMatchObject(badRequest(/^region is required$/));
  });

  it('checks nested fields and picks the alternative the caller meant', async () => {
    const config = { apiVersion: 'latest', name: 'x', image: 'nginx', resources: { ports: [80] } };
    expect(await send('POST', '/deployments', { projectId: 'p', config })).toMatchObject(
      badRequest(/^config\.resources\.machineType is required$/),
    );
  });

  it('checks query parameters: unknown names, types, enums and formats', async () => {
    expect(await send('GET', '/machines?colour=red')).toMatchObject(
      badRequest(/^Unrecognized query parameter: colour$/),
    );
    expect(await send('GET', '/machines?limit=many')).toMatchObject(badRequest(/^limit must be an integer$/));
    expect(await send('GET', '/machines?limit=500')).toMatchObject(badRequest(/^limit must be at most 120$/));
    expect(await send('GET', '/machines?order=up')).toMatchObject(
      badRequest(/^order must be one of: asc, desc$/),
    );
    expect(await send('GET', '/projects/p1/activity?deploymentId=nope')).toMatchObject(
      badRequest(/^deploymentId must be a UUID$/),
    );
  });

  it('answers a valid request', async () => {
    expect((await send('GET', '/machines?limit=2&order=asc')).status).toBe(200);
  });
});

/**
 * Every tool, called with every field it takes (required and optional, nested, one item per
 * array), sends a request the API reference accepts: a renamed, mistyped or mis-enumerated field
 * in any row is refused by the sandbox here. Targets need not exist: the sandbox checks the
 * request before it looks anything up.
 */
describe('every field of every tool reaches the API as the reference defines it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all', '--confirm', 'off'] });
  });
  afterAll(() => h.close());

  it.each(OPERATIONS.filter((op) => !op.composite).map((op) => [op.name, op] as const))(
    '%s',
    async (name, op) => {
      // Once with the first value of every enum and union, once with the last.
      for (const pick of ['first', 'last'] as const) {
        const args = fullArgs(toolDefinition(op).inputSchema as Record<string, unknown>, pick);
        // Inputs that are not the API's (a local sourcePath) are the handler's business, not the request's.
        for (const extra of Object.keys(op.extraInputs ?? {})) delete args[extra];
        h.clearLog();
        const result = await h.call(name, args);
        const { method } = splitRoute(op.route);
        const sent = h.requests().filter((r) => r.method === method);
        expect(sent.length, textOf(result)).toBeGreaterThan(0);
        expect(sent.map((r) => r.invalid).filter(Boolean)).toEqual([]);
      }
    },
  );
});
