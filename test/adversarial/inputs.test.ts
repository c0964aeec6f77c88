import type { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGUMENT_BOUNDS } from '../../src/tools/call/bounds.js';
import { type CallResult, type Harness, startHarness, textOf } from '../helpers/harness.js';
import { AUTH_TOKEN, type HttpHarness, startHttpHarness } from '../helpers/http.js';
import { testClient } from '../helpers/test-client.js';
import {
  nestedArrayText,
  nestedObjectText,
  type RawStdio,
  spawnRawStdio,
  toolCallLine,
} from './raw-stdio.js';

/** Nested `depth` levels of `{ a: … }`, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 1; i < depth; i++) {
    const child: Record<string, unknown> = {};
    node.a = child;
    node = child;
  }
  return root;
}

const MACHINE = {
  name: 'bounded',
  machineType: 'C5',
  templateId: 'tpl-ubuntu',
  diskSize: 50,
  region: 'ny2',
};

describe('tool arguments are bounded before anything reaches the API', () => {
  let h: Harness;
  let datasetId: string;
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all', '--confirm', 'off'] });
    const created = await h.call('datasets_create', { name: 'bounds', isPublic: false });
    datasetId = (created.structuredContent as { id: string }).id;
  });
  afterAll(() => h.close());

  /** Calls a tool, expects a refusal whose text matches every pattern, and no request sent. */
  async function refused(name: string, args: Record<string, unknown>, ...patterns: RegExp[]) {
    h.clearLog();
    const result: CallResult = await h.call(name, args);
    expect(result.isError, textOf(result)).toBe(true);
    for (const pattern of patterns) expect(textOf(result)).toMatch(pattern);
    expect(h.requests()).toEqual([]);
    return textOf(result);
  }

  it('sizes, counts and durations: negative, fractional and infinite numbers are refused, naming the field', async () => {
    await refused(
      'machines_create',
      { ...MACHINE, diskSize: -50 },
      /diskSize: must be a finite whole number, 0 or more/,
    );
    await refused(
      'machines_create',
      { ...MACHINE, diskSize: 50.5 },
      /diskSize: must be a finite whole number/,
    );
    await refused(
      'machines_create',
      { ...MACHINE, diskSize: '1e999' },
      /diskSize: must be a finite whole number/,
    );
    await refused(
      'machines_create',
      { ...MACHINE, autoShutdownTimeout: -1 },
      /autoShutdownTimeout: .*0 or more/,
    );
    await refused(
      'shared_drives_create',
      { name: 'd', size: -1, region: 'ny2', networkId: 'n1' },
      /size: .*0 or more/,
    );
    // The same numbers in range still go to the API, also as strings.
    h.clearLog();
    const made = await h.call('machines_create', { ...MACHINE, diskSize: '50', autoShutdownTimeout: 0 });
    expect(textOf(made)).not.toMatch(/must be/);
    expect(h.requests().filter((r) => r.method === 'POST')).toMatchObject([
      { body: { diskSize: 50, autoShutdownTimeout: 0 } },
    ]);
  });

  it('a number a row marks fractional (an autoscaling target) takes fractions, still not negatives', async () => {
    const projectId = (
      (await h.call('projects_create', { name: 'bounds' })).structuredContent as { id: string }
    ).id;
    const spec = (value: unknown) => ({
      apiVersion: 'latest',
      name: 'bounded',
      image: 'paperspace/deployment-fastapi:latest',
      resources: {
        machineType: 'A4000',
        ports: [8000],
        replicas: 1,
        autoscaling: {
          maxReplicas: 2,
          metrics: [{ metric: 'requestDuration', summary: 'average', value }],
        },
      },
    });
    // A metric is one of a union, which zod reports as a whole.
    await refused(
      'deployments_upsert',
      { projectId, config: spec(-0.5) },
      /config\.resources\.autoscaling\.metrics\.0: /,
    );
    await refused(
      'deployments_upsert',
      { projectId, config: { ...spec(1), resources: { ...spec(1).resources, replicas: 1.5 } } },
      /replicas: must be a finite whole number/,
    );
    h.clearLog();
    const made = await h.call('deployments_upsert', { projectId, config: spec(0.25) });
    expect(made.isError, textOf(made).slice(0, 300)).toBeFalsy();
    expect(h.requests().filter((r) => r.method === 'POST')).toMatchObject([
      { body: { config: { resources: { autoscaling: { metrics: [{ value: 0.25 }] } } } } },
    ]);
  });

  it('ids: over 256 characters, "." and "..", and control characters are refused, in a body field and in a path', async () => {
    await refused(
      'machines_get',
      { id: 'm'.repeat(257) },
      /id: must be an id of 1–256 characters/,
      /257 characters/,
    );
    await refused('machines_get', { id: '..' }, /id: must be an id .*not "\." or "\.\."/);
    await refused('machines_get', { id: 'ps\u0000x' }, /control character/);
    // Fields typed as plain strings get the same rule where they fill the route.
    await refused('datasets_versions_get', { datasetId, version: '..' }, /version must be an id/);
    await refused('datasets_versions_get', { datasetId: `${datasetId}:.` }, /version must be an id/);
    await refused(
      'datasets_versions_get',
      { datasetId: 'd'.repeat(300), version: 'v1' },
      /datasetId must be an id/,
    );
    await refused(
      'datasets_versions_get',
      { datasetId, version: 'v\r\n1' },
      /version must be an id.*control/,
    );
    // So do the rows that make their own requests (dataset files, create-and-upload).
    await refused('datasets_versions_create', { datasetId: '..' }, /datasetId must be an id/);
    await refused(
      'datasets_versions_files_list',
      { datasetId: '..', version: 'v1' },
      /datasetId must be an id/,
    );
    await refused(
      'datasets_versions_files_delete',
      { datasetId, version: '.', paths: ['a.txt'] },
      /version must be an id/,
    );
  });

  it(`free strings longer than ${ARGUMENT_BOUNDS.stringLength} characters are refused, naming the field`, async () => {
    const long = 'x'.repeat(ARGUMENT_BOUNDS.stringLength + 1);
    await refused(
      'datasets_versions_create',
      { datasetId, message: long },
      /message: longer than 65536 characters/,
    );
    await refused(
      'datasets_versions_create',
      { datasetId, metadata: { notes: [long] } },
      /metadata\.notes\.0: longer than 65536/,
    );
    h.clearLog();
    const fits = await h.call('datasets_versions_create', { datasetId, message: long.slice(1) });
    expect(fits.isError, textOf(fits).slice(0, 300)).toBeFalsy();
  });

  // __proto__ cannot be sent from here: the SDK client drops it (stdio and HTTP tests below send it).
  it('constructor and prototype keys are refused anywhere in the arguments', async () => {
    await refused(
      'datasets_versions_create',
      { datasetId, metadata: { deep: [{ constructor: { prototype: { polluted: true } } }] } },
      /metadata\.deep\.0: the key "constructor" is refused/,
    );
    await refused(
      'datasets_versions_create',
      { datasetId, metadata: { prototype: 1 } },
      /metadata: the key "prototype" is refused/,
    );
  });

  it(`nesting deeper than ${ARGUMENT_BOUNDS.depth} levels is refused, naming the field; ${ARGUMENT_BOUNDS.depth} levels pass`, async () => {
    const text = await refused(
      'datasets_versions_create',
      { datasetId, metadata: nested(1000) },
      /metadata: nested deeper than 32 levels of objects and arrays/,
    );
    expect(text.length).toBeLessThan(300);
    // The arguments object is the first level, metadata the second.
    h.clearLog();
    const fits = await h.call('datasets_versions_create', {
      datasetId,
      metadata: nested(ARGUMENT_BOUNDS.depth - 1),
    });
    expect(fits.isError, textOf(fits).slice(0, 300)).toBeFalsy();
    await refused(
      'datasets_versions_create',
      { datasetId, metadata: nested(ARGUMENT_BOUNDS.depth) },
      /metadata: nested deeper than 32/,
    );
  });

  it(`more than ${ARGUMENT_BOUNDS.values} values in all are refused`, async () => {
    const wide = Object.fromEntries(
      Array.from({ length: ARGUMENT_BOUNDS.values + 1 }, (_, i) => [`k${i}`, i]),
    );
    await refused(
      'datasets_versions_create',
      { datasetId, metadata: wide },
      /metadata: more than 10000 values/,
    );
  });
});

describe('absurd nesting over stdio (the built server, raw JSON-RPC lines)', () => {
  let raw: RawStdio;
  let datasetId: string;
  let next = 1;
  beforeAll(async () => {
    raw = await spawnRawStdio(['--sandbox', '--toolsets', 'all', '--confirm', 'off']);
    const list = await raw.request(next, toolCallLine(next++, 'datasets_list', '{}'));
    datasetId = (list.result as { structuredContent: { items: Array<{ id: string }> } }).structuredContent
      .items[0]?.id as string;
  });
  afterAll(() => raw.close());

  it.each([10_000, 100_000])(
    '%i levels of objects or arrays: a clear error, and the server lives on',
    async (depth) => {
      for (const metadata of [nestedObjectText(depth), `{"list":${nestedArrayText(depth)}}`]) {
        const id = next++;
        const args = `{"datasetId":${JSON.stringify(datasetId)},"metadata":${metadata}}`;
        const answer = await raw.request(id, toolCallLine(id, 'datasets_versions_create', args));
        const result = answer.result as CallResult;
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(/metadata: nested deeper than 32 levels of objects and arrays/);
        expect(textOf(result)).not.toMatch(/stack/i);
      }
      const id = next++;
      const alive = await raw.request(id, toolCallLine(id, 'auth_session_get', '{}'));
      expect((alive.result as CallResult).isError).toBeFalsy();
      expect(raw.alive()).toBe(true);
    },
  );

  it('a __proto__ key, in a field or at the top, is refused by name', async () => {
    for (const [args, where] of [
      [`{"datasetId":${JSON.stringify(datasetId)},"metadata":{"__proto__":{"isAdmin":true}}}`, 'metadata: '],
      [`{"datasetId":${JSON.stringify(datasetId)},"__proto__":{"isCommitted":true}}`, ''],
      // The same key with an escaped letter.
      [
        `{"datasetId":${JSON.stringify(datasetId)},"metadata":{"x":[{"\\u005f_proto__":{}}]}}`,
        'metadata.x.0: ',
      ],
    ] as const) {
      const id = next++;
      const answer = await raw.request(id, toolCallLine(id, 'datasets_versions_create', args));
      expect((answer.result as CallResult).isError).toBe(true);
      expect(textOf(answer.result as CallResult)).toContain(`${where}the key "__proto__" is refused`);
    }
  });

  it('the server lives on', async () => {
    const id = next++;
    const alive = await raw.request(id, toolCallLine(id, 'auth_session_get', '{}'));
    expect((alive.result as CallResult).isError).toBeFalsy();
    expect(raw.alive()).toBe(true);
  });
});

describe('absurd nesting over HTTP (real SDK client, both eras)', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(['--toolsets', 'all', '--confirm', 'off', '--auth-token', AUTH_TOKEN]);
  });
  afterAll(() => h.close());

  /**
   * An SDK client whose requests go out as written, except that a placeholder string argument is
   * replaced by raw JSON text: no JSON.stringify in this process could write 10,000 levels.
   */
  async function clientWithRawArgument(era: 'legacy' | 'modern', placeholder: string, json: string) {
    const transport = new StreamableHTTPClientTransport(new URL(h.http.url), {
      requestInit: { headers: { authorization: `Bearer ${AUTH_TOKEN}` } },
      fetch: (url, init) => {
        const body =
          typeof init?.body === 'string' ? init.body.replace(`"${placeholder}"`, json) : init?.body;
        return fetch(url, { ...init, body });
      },
    });
    const { client } = testClient('raw-argument', { era });
    await client.connect(transport);
    return client as Client;
  }

  it.each(['legacy', 'modern'] as const)('10,000 levels: a clear error (%s era)', async (era) => {
    const client = await clientWithRawArgument(era, '@@deep@@', nestedObjectText(10_000));
    const created = await client.callTool({
      name: 'datasets_create',
      arguments: { name: `deep-${era}`, isPublic: false },
    });
    const datasetId = (created.structuredContent as { id: string }).id;
    const before = h.sandbox.log.length;
    const result = (await client.callTool({
      name: 'datasets_versions_create',
      arguments: { datasetId, metadata: '@@deep@@' },
    })) as CallResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/metadata: nested deeper than 32 levels of objects and arrays/);
    expect(h.sandbox.log.slice(before)).toEqual([]);
    expect((await client.callTool({ name: 'auth_session_get', arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it.each(['legacy', 'modern'] as const)('a __proto__ key is refused by name (%s era)', async (era) => {
    const client = await clientWithRawArgument(era, '@@proto@@', '{"__proto__":{"isAdmin":true}}');
    const before = h.sandbox.log.length;
    const result = (await client.callTool({
      name: 'datasets_versions_create',
      arguments: { datasetId: 'dsany', metadata: '@@proto@@' },
    })) as CallResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('metadata: the key "__proto__" is refused');
    expect(h.sandbox.log.slice(before)).toEqual([]);
    await client.close();
  });
});
