import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';
import { REFERENCE } from '../contract/reference.js';
import { Api, GATED_FIXTURES, type GatedFixture } from '../helpers/gated-fixtures.js';
import {
  confirmationRequestOf,
  confirmTokenIn,
  type Era,
  type Harness,
  startHarness,
  textOf,
} from '../helpers/harness.js';

/**
 * The confirmation gate, for every gated tool, through the real SDK client against the sandbox's
 * request log: no path produces a mutating upstream request without a valid confirmation.
 */
/**
 * Gated tools whose work is not one API request (files on the provider's S3, a create-upload-commit
 * plan bound to local files) have their confirmation tested in test/integration/dataset-files.test.ts
 * and test/integration/local-files.test.ts.
 */
const OWN_TESTS = new Set([
  'datasets_versions_create',
  'datasets_versions_files_get',
  'datasets_versions_files_put',
  'datasets_versions_files_delete',
]);
const GATED = OPERATIONS.filter((op) => op.gated && !OWN_TESTS.has(op.name))
  .map((op) => op.name)
  .sort();

const ARGS = ['--toolsets', 'all'];
const HARMLESS_WHEN_REPEATED = new Set([
  'machines_update',
  'public_ips_assign',
  'teams_members_update',
  // Committing a version that is already committed changes nothing.
  'datasets_versions_update',
]);

async function arrange(h: Harness, name: string): Promise<GatedFixture> {
  const fixture = await (GATED_FIXTURES[name] as (api: Api) => Promise<GatedFixture>)(
    new Api(h.api, h.sandbox.store),
  );
  h.clearLog();
  return fixture;
}

const mutating = (h: Harness) => h.requests().filter(isMutating);
const tokenOf = confirmTokenIn;

/** The one mutating request a confirmed call makes: the tool's own method and route. */
function expectOneCallOf(h: Harness, name: string) {
  const [method, template] = (REFERENCE[name]?.route ?? '').split(' ') as [string, string];
  const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
  const sent = mutating(h);
  expect(sent).toHaveLength(1);
  expect(sent[0]?.method).toBe(method);
  expect(sent[0]?.path).toMatch(pattern);
}

async function preview(h: Harness, name: string, fixture: GatedFixture) {
  const result = await h.call(name, fixture.args);
  const token = tokenOf(result);
  expect(token, textOf(result)).toBeDefined();
  return { result, token: token as string };
}

it('every gated tool of the reference has a fixture', () => {
  expect(Object.keys(GATED_FIXTURES).sort()).toEqual(GATED);
});

describe('token confirmation (client without elicitation, --confirm auto)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ args: ARGS, sandbox: { seed: true } });
  });
  afterAll(() => h.close());

  describe.each(GATED)('%s', (name) => {
    it('first call sends nothing mutating and previews the target with a token', async () => {
      const fixture = await arrange(h, name);
      const { result } = await preview(h, name, fixture);
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toMatch(/^Confirmation required: nothing was changed yet\./);
      expect(text).toContain(`(${name})`);
      expect(text).toMatch(/\n(Target: .*\(.+\)|With: \{.+\})\n/);
      expect(text).toMatch(/\nUndo: .+/);
      expect(mutating(h)).toEqual([]);
      // The same request in _meta, for a host that renders its own confirm button; never structured content.
      expect(result.structuredContent).toBeUndefined();
      const request = confirmationRequestOf(result);
      expect(request).toMatchObject({
        tool: name,
        token: confirmTokenIn(result),
      });
      expect(text).toContain(`Undo: ${request.undo}`);
      if (request.target !== null) expect(text).toContain(`Target: ${request.target}`);
      for (const line of request.consequences.slice(1)) expect(text).toContain(line);
      const ttl = Date.parse(request.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(250_000);
      expect(ttl).toBeLessThanOrEqual(300_000);
    });

    it('the token runs the call exactly once; a replay is refused', async () => {
      const fixture = await arrange(h, name);
      const { token } = await preview(h, name, fixture);
      const confirmed = await h.call(name, { ...fixture.args, confirm: token });
      expect(confirmed.isError, textOf(confirmed)).toBeFalsy();
      expectOneCallOf(h, name);
      // Once done, these calls are harmless repeats (same type; IP already on that machine) and
      // their conditional rule lets them through; every other replay must be refused.
      if (HARMLESS_WHEN_REPEATED.has(name)) return;
      h.clearLog();
      const replay = await h.call(name, { ...fixture.args, confirm: token });
      expect(replay.isError).toBe(true);
      expect(mutating(h)).toEqual([]);
    });

    it('a tampered token is refused', async () => {
      const fixture = await arrange(h, name);
      const { token } = await preview(h, name, fixture);
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
      const result = await h.call(name, { ...fixture.args, confirm: tampered });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        /token was refused: (its signature is not valid|it is not a confirmation token)/,
      );
      expect(mutating(h)).toEqual([]);
    });

    it('a token issued for other arguments is refused', async () => {
      const first = await arrange(h, name);
      const { token } = await preview(h, name, first);
      const second = await arrange(h, name);
      const result = await h.call(name, { ...second.args, confirm: token });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/issued for different arguments/);
      expect(mutating(h)).toEqual([]);
    });

    it('a token issued for another tool is refused', async () => {
      const other = name === 'projects_delete' ? 'models_delete' : 'projects_delete';
      const otherFixture = await arrange(h, other);
      const { token } = await preview(h, other, otherFixture);
      const fixture = await arrange(h, name);
      const result = await h.call(name, { ...fixture.args, confirm: token });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/issued for another tool/);
      expect(mutating(h)).toEqual([]);
    });

    it.skipIf(!GATED_FIXTURES[name] || name === 'private_networks_create')(
      'a target changed between preview and confirmation is refused',
      async () => {
        const fixture = await arrange(h, name);
        const { token } = await preview(h, name, fixture);
        await fixture.change?.();
        h.clearLog();
        const result = await h.call(name, { ...fixture.args, confirm: token });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(/changed \(or disappeared\) since the preview|target was not found/);
        expect(mutating(h)).toEqual([]);
      },
    );
  });
});

describe('expired tokens (--confirm-ttl 1)', () => {
  let h: Harness;
  beforeAll(async () => {
    // Only Date is faked (timers stay real): the test moves the clock past the TTL instead of waiting.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    h = await startHarness({ args: [...ARGS, '--confirm-ttl', '1'], sandbox: { seed: true } });
  });
  afterAll(async () => {
    await h.close();
    vi.useRealTimers();
  });

  it('every gated tool refuses its token after expiry and sends nothing', async () => {
    const pending: Array<{ name: string; args: Record<string, unknown>; token: string }> = [];
    for (const name of GATED) {
      const fixture = await arrange(h, name);
      const { token } = await preview(h, name, fixture);
      pending.push({ name, args: fixture.args, token });
    }
    vi.setSystemTime(Date.now() + 1_100);
    h.clearLog();
    for (const { name, args, token } of pending) {
      const result = await h.call(name, { ...args, confirm: token });
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toMatch(/it has expired/);
    }
    expect(mutating(h)).toEqual([]);
  });
});

describe('strict mode with a client that cannot elicit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ args: [...ARGS, '--confirm', 'strict'], sandbox: { seed: true } });
  });
  afterAll(() => h.close());

  it.each(GATED)('%s is refused with an explanation and sends nothing', async (name) => {
    const fixture = await arrange(h, name);
    const result = await h.call(name, fixture.args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/cannot ask for it \(no elicitation support\).*Nothing was changed/s);
    expect(tokenOf(result)).toBeUndefined();
    expect(mutating(h)).toEqual([]);
  });
});

describe('--confirm off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ args: [...ARGS, '--confirm', 'off'], sandbox: { seed: true } });
  });
  afterAll(() => h.close());

  it.each(GATED)('%s runs directly', async (name) => {
    const fixture = await arrange(h, name);
    const result = await h.call(name, fixture.args);
    expect(result.isError, textOf(result)).toBeFalsy();
    expectOneCallOf(h, name);
  });
});

describe.each(['legacy', 'modern'] as Era[])('elicitation (%s era)', (era) => {
  describe.each(['accept', 'decline', 'cancel'] as const)('the user answers %s', (answer) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ args: ARGS, era, elicit: answer, sandbox: { seed: true } });
    });
    afterAll(() => h.close());

    it.each(GATED)('%s', async (name) => {
      const fixture = await arrange(h, name);
      const asked = h.elicitations.length;
      const result = await h.call(name, fixture.args);
      expect(h.elicitations).toHaveLength(asked + 1);
      expect(h.elicitations.at(-1)).toMatch(new RegExp(`\\(${name}\\)[\\s\\S]*Proceed\\?$`));
      if (answer === 'accept') {
        expect(result.isError, textOf(result)).toBeFalsy();
        expectOneCallOf(h, name);
      } else {
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatch(/did not confirm .*nothing was changed\. Do not retry/);
        expect(mutating(h)).toEqual([]);
      }
    });
  });
});
