import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, PolicyFileError } from '../../src/policy/load.js';
import { CompiledPolicy } from '../../src/policy/match.js';
import { policySchema, type Rule } from '../../src/policy/schema.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const policy = (...rules: Rule[]) => new CompiledPolicy(policySchema.parse({ rules }));

describe('policy rules', () => {
  it('tools: exact names and `*` globs; no rule that names a tool means no verdict', () => {
    const p = policy({ tools: ['*_delete', 'secrets_*', 'machines_start'], effect: 'deny' });
    expect(p.decide('machines_delete', {})?.effect).toBe('deny');
    expect(p.decide('secrets_update', {})?.effect).toBe('deny');
    expect(p.decide('machines_start', {})?.effect).toBe('deny');
    expect(p.decide('machines_started', {})).toBeUndefined();
    expect(p.decide('machines_deleted', {})).toBeUndefined();
    expect(p.decide('machines_stop', {})).toBeUndefined();
  });

  it('the first rule that matches decides, and says which it was with its reason', () => {
    const p = policy(
      { tools: ['machines_create'], when: { machineType: { in: ['A4000', 'P4000'] } }, effect: 'allow' },
      { tools: ['machines_create'], effect: 'ask', reason: 'bigger machines need a person' },
      { tools: ['machines_*'], effect: 'deny' },
    );
    expect(p.decide('machines_create', { machineType: 'A4000' })).toEqual({ effect: 'allow', rule: 0 });
    expect(p.decide('machines_create', { machineType: 'A100' })).toEqual({
      effect: 'ask',
      rule: 1,
      reason: 'bigger machines need a person',
    });
    expect(p.decide('machines_stop', {})).toEqual({ effect: 'deny', rule: 2 });
  });

  it('each condition kind: in, notIn, min, max, pattern (found anywhere), all must hold', () => {
    const p = policy({
      tools: ['deployments_upsert'],
      when: {
        machineType: { notIn: ['A100', 'H100'] },
        replicas: { min: 1, max: 3 },
        name: { pattern: 'demo' },
        region: { in: ['ny2'] },
      },
      effect: 'allow',
    });
    const ok = { machineType: 'A4000', replicas: 2, name: 'my-demo-app', region: 'ny2' };
    expect(p.decide('deployments_upsert', ok)?.effect).toBe('allow');
    expect(p.decide('deployments_upsert', { ...ok, machineType: 'A100' })).toBeUndefined();
    expect(p.decide('deployments_upsert', { ...ok, replicas: 0 })).toBeUndefined();
    expect(p.decide('deployments_upsert', { ...ok, replicas: 4 })).toBeUndefined();
    expect(p.decide('deployments_upsert', { ...ok, replicas: '2' })).toBeUndefined();
    expect(p.decide('deployments_upsert', { ...ok, name: 'prod' })).toBeUndefined();
    expect(p.decide('deployments_upsert', { ...ok, region: 'ams1' })).toBeUndefined();
  });

  it('a condition on a missing field does not hold, notIn included; `a.b` reaches nested fields', () => {
    const p = policy(
      { tools: ['x'], when: { 'spec.image': { notIn: ['bad'] } }, effect: 'allow' },
      { tools: ['x'], effect: 'ask' },
    );
    expect(p.decide('x', { spec: { image: 'good' } })?.effect).toBe('allow');
    expect(p.decide('x', { spec: {} })?.effect).toBe('ask');
    expect(p.decide('x', {})?.effect).toBe('ask');
    expect(p.decide('x', { spec: { image: null } })?.effect).toBe('ask');
  });

  it('target conditions: a target that could not be fetched fails allow rules and holds deny and ask rules', () => {
    const p = policy(
      { tools: ['machines_stop'], target: { name: { pattern: '^scratch-' } }, effect: 'allow' },
      { tools: ['machines_delete'], target: { name: { pattern: '^prod-' } }, effect: 'deny', reason: 'prod' },
      { tools: ['machines_stop', 'machines_delete'], effect: 'ask' },
    );
    expect(p.needsTarget('machines_stop')).toBe(true);
    expect(p.needsTarget('machines_start')).toBe(false);
    expect(p.decide('machines_stop', { id: 'm1' }, { name: 'scratch-1' })?.effect).toBe('allow');
    expect(p.decide('machines_stop', { id: 'm1' }, { name: 'prod-1' })?.effect).toBe('ask');
    expect(p.decide('machines_stop', { id: 'm1' }, 'unavailable')?.effect).toBe('ask');
    expect(p.decide('machines_delete', { id: 'm1' }, 'unavailable')).toEqual({
      effect: 'deny',
      rule: 1,
      reason: 'prod',
    });
    expect(p.decide('machines_delete', { id: 'm1' }, { name: 'scratch-1' })?.effect).toBe('ask');
  });

  it('a tool is hidden when the first rule naming it denies without conditions', () => {
    const p = policy(
      { tools: ['machines_delete'], target: { name: { pattern: '^scratch-' } }, effect: 'allow' },
      { tools: ['*_delete'], effect: 'deny' },
      { tools: ['secrets_*'], when: { name: { pattern: 'x' } }, effect: 'deny' },
    );
    expect(p.hides('machines_delete')).toBe(false);
    expect(p.hides('datasets_delete')).toBe(true);
    expect(p.hides('secrets_update')).toBe(false);
    expect(p.hides('machines_list')).toBe(false);
  });
});

describe('policy files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('a file that does not parse names its path', async () => {
    const file = write('bad.json', '{"rules": [');
    expect(() => loadPolicyFile(file)).toThrow(new RegExp(`^policy file ${file}: is not JSON`));
  });

  it('a file that does not validate names its path and the JSON pointer of the first problem', async () => {
    const file = write(
      'invalid.json',
      JSON.stringify({
        rules: [
          { tools: ['a'], effect: 'allow' },
          { tools: ['b'], effect: 'maybe' },
        ],
      }),
    );
    const error = caught(() => loadPolicyFile(file));
    expect(error).toBeInstanceOf(PolicyFileError);
    expect(error).toMatchObject({ file, pointer: '/rules/1/effect' });
    expect(String(error)).toContain(`policy file ${file}: /rules/1/effect: `);
  });

  it('points at an unknown key, a bad pattern and an empty condition', async () => {
    const cases: Array<[unknown, string]> = [
      [{ rules: [{ tools: ['a'], effect: 'deny', whne: {} }] }, '/rules/0/whne'],
      [
        { rules: [{ tools: ['a'], effect: 'deny', when: { n: { pattern: '(' } } }] },
        '/rules/0/when/n/pattern',
      ],
      [{ rules: [{ tools: ['a'], effect: 'deny', target: { n: {} } }] }, '/rules/0/target/n'],
      [{ rules: [{ tools: ['A B'], effect: 'deny' }] }, '/rules/0/tools/0'],
      [{}, '/rules'],
    ];
    for (const [json, pointer] of cases) {
      const error = caught(() => loadPolicyFile(write('case.json', JSON.stringify(json))));
      expect(error, JSON.stringify(json)).toMatchObject({ pointer });
    }
  });

  it('a missing file names its path and the reason', async () => {
    expect(() => loadPolicyFile(join(dir, 'none.json'))).toThrow(/none\.json: cannot be read \(ENOENT\)/);
  });
});
