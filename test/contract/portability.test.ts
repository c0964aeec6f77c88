import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portableSchema } from '../../src/tools/registry/portable-schema.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { lintSchema } from '../helpers/schema-lint.js';

/**
 * Findings of the portability rules on the output schemas of all tools. Output schemas keep zod's
 * `type: [X, "null"]` (the anyOf spelling would take the largest past their byte budget, see
 * budget.test.ts) and `{}` for values the API leaves untyped (dtDeleted, accelerators). The number
 * may go down, never up.
 */
const OUTPUT_FINDINGS = 323;

describe('tool schemas are portable (the MCP Inspector --strict rules)', () => {
  let h: Harness;
  let tools: Awaited<ReturnType<Harness['client']['listTools']>>['tools'];
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all', '--confirm', 'off'] });
    ({ tools } = await h.client.listTools());
  });
  afterAll(() => h.close());

  it('no input schema of any tool has a finding', () => {
    expect(tools.length).toBeGreaterThan(100);
    const findings = tools.flatMap((t) =>
      lintSchema(t.inputSchema).map((f) => `${t.name} ${f.rule} ${f.path}`),
    );
    expect(findings).toEqual([]);
  });

  it(`output schemas: at most ${OUTPUT_FINDINGS} findings, none an error`, () => {
    const findings = tools.flatMap((t) => lintSchema(t.outputSchema));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.length).toBeLessThanOrEqual(OUTPUT_FINDINGS);
  });

  it('a nullable input keeps its meaning: public_ips_assign machineId null detaches the IP', async () => {
    const assign = tools.find((t) => t.name === 'public_ips_assign');
    expect(assign?.inputSchema.properties?.machineId).toEqual({
      anyOf: [{ type: 'string' }, { type: 'null' }],
      description: expect.stringContaining('null'),
    });
    const claimed = await h.call('public_ips_claim', { region: 'ny2' });
    const ip = claimed.structuredContent?.ip as string;
    const result = await h.call('public_ips_assign', { ip, machineId: null });
    expect(result.isError ?? false, result.content[0]?.text).toBe(false);
    expect(h.requests().at(-1)).toMatchObject({ method: 'PUT', body: { machineId: null } });
  });
});

describe('the lint catches what it is for (so a clean result means something)', () => {
  it('type lists, bare and annotation-only schemas, boolean schemas and remote refs', () => {
    const findings = lintSchema({
      type: 'object',
      properties: {
        a: { type: ['string', 'null'] },
        b: {},
        c: { description: 'annotation only' },
        d: true,
        e: { $ref: 'https://example.com/s.json' },
        f: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        g: { not: {} },
      },
      additionalProperties: true,
    });
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([
      'type-union properties.a',
      'untyped-schema properties.b',
      'untyped-schema properties.c',
      'boolean-schema properties.d',
      'remote-ref properties.e',
    ]);
  });
});

describe('portableSchema', () => {
  const zodLike = {
    type: 'object',
    properties: {
      name: { description: 'n', type: ['string', 'null'], minLength: 1 },
      tags: { type: 'array', items: { type: ['string', 'number'] } },
      metadata: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
      count: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
      replicas: { type: 'integer', minimum: 1, maximum: 100 },
    },
    required: ['name'],
    additionalProperties: false,
  };

  it('spells type lists as anyOf in inputs, with the other keywords where they were', () => {
    expect(portableSchema(zodLike, true)).toEqual({
      type: 'object',
      properties: {
        name: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'n', minLength: 1 },
        tags: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
        metadata: { type: 'object' },
        count: { type: 'integer' },
        replicas: { type: 'integer', minimum: 1, maximum: 100 },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('leaves type lists alone in outputs', () => {
    const out = portableSchema(zodLike, false) as { properties: Record<string, unknown> };
    expect(out.properties.name).toEqual({ description: 'n', type: ['string', 'null'], minLength: 1 });
    expect(out.properties.metadata).toEqual({ type: 'object' });
  });
});
