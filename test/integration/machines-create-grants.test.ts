import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMutating } from '../../src/sandbox/sandbox.js';
import { Api, MACHINE } from '../helpers/gated-fixtures.js';
import { confirmTokenIn, type Harness, startHarness, textOf } from '../helpers/harness.js';

/**
 * machines_create with a grant asks, as the tools that make the same grant later do
 * (startup_scripts_assign, machines_accessors_add, machines_update networkId / publicIpType); the
 * preview names each grant. Without one it runs at once, as before.
 */
describe('machines_create grants go through the gate', () => {
  let h: Harness;
  let api: Api;
  let scriptId: string;
  let networkId: string;
  beforeAll(async () => {
    h = await startHarness({ args: ['--toolsets', 'all'] });
    api = new Api(h.api);
    scriptId = (await api.post('/startup-scripts', { name: 'mine-bitcoin', script: 'echo hi' })).id as string;
    networkId = await api.network();
  });
  afterAll(() => h.close());

  const mutating = () => h.requests().filter(isMutating);
  const create = (extra: Record<string, unknown>) =>
    h.call('machines_create', { ...MACHINE, name: 'box', ...extra });

  it('without a grant (or with a dynamic IP, no accessors) it runs at once', async () => {
    for (const extra of [{}, { publicIpType: 'dynamic' }, { publicIpType: 'none' }, { accessorIds: [] }]) {
      h.clearLog();
      const result = await create(extra);
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(mutating()).toHaveLength(1);
    }
  });

  it('each grant alone asks, and the preview names it; nothing is sent', async () => {
    const grants: Array<[Record<string, unknown>, RegExp]> = [
      [
        { startupScriptId: '' },
        /\nGrant: startup script "mine-bitcoin" \(\w+\) runs on it at every boot, as code that can change or delete anything on the machine\.\n/,
      ],
      [
        { accessorIds: ['u3xk9mbq2', 'u-other'] },
        /\nGrant: user\(s\) "u3xk9mbq2", "u-other" get access to it\.\n/,
      ],
      [
        { networkId: '' },
        /\nGrant: it joins private network "gate-net" \(\w+\); machines and drives there can reach it\.\n/,
      ],
      [
        { publicIpType: 'static' },
        /\nGrant: it gets a static public IP, reachable from the internet at a fixed address billed while held\.\n/,
      ],
    ];
    for (const [extra, named] of grants) {
      if (extra.startupScriptId === '') extra.startupScriptId = scriptId;
      if (extra.networkId === '') extra.networkId = networkId;
      h.clearLog();
      const result = await create(extra);
      const text = textOf(result);
      expect(result.isError, JSON.stringify(extra)).toBe(true);
      expect(text).toMatch(
        /^Confirmation required: nothing was changed yet\.\nCreate machine \(machines_create\)\nTarget: "box" \(A4000; ny2; 50 GB disk\)\n/,
      );
      expect(text).toMatch(named);
      expect(text.match(/\nGrant: /g)).toHaveLength(1);
      expect(mutating()).toEqual([]);
    }
  });

  it('all grants at once are all named; the token creates the machine once with them', async () => {
    const args = {
      ...MACHINE,
      name: 'box',
      startupScriptId: scriptId,
      networkId,
      publicIpType: 'static',
      accessorIds: ['u3xk9mbq2'],
    };
    h.clearLog();
    const preview = await h.call('machines_create', args);
    expect(textOf(preview).match(/\nGrant: /g)).toHaveLength(4);
    const done = await h.call('machines_create', { ...args, confirm: confirmTokenIn(preview) });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(mutating()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/machines',
        body: expect.objectContaining({ startupScriptId: scriptId, networkId }),
      }),
    ]);
  });

  it('a token is refused when the startup script changed since the preview (as the API shows it: the body is write-only)', async () => {
    const args = { ...MACHINE, name: 'box', startupScriptId: scriptId };
    const token = confirmTokenIn(await h.call('machines_create', args));
    await api.put(`/startup-scripts/${scriptId}`, { name: 'mine-bitcoin', isRunOnce: true });
    h.clearLog();
    const result = await h.call('machines_create', { ...args, confirm: token });
    expect(textOf(result)).toMatch(/changed \(or disappeared\) since the preview/);
    expect(mutating()).toEqual([]);
  });
});
