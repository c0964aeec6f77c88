import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, TokenSigner } from '../../src/confirm/token.js';
import { identityOf } from '../../src/transports/http/security.js';

const SECRET = 'a-secret-of-some-length';
const argsHash = (args: Record<string, unknown>) => new TokenSigner(SECRET, 1).argsDigest(args);
const claims = {
  tool: 'machines_delete',
  args: argsHash({ id: 'ps1' }),
  caller: '',
  purpose: 'token' as const,
};

describe('confirmation tokens', () => {
  it('verify what they were signed for, and only that', () => {
    const signer = new TokenSigner('a-secret-of-some-length', 60_000);
    const token = signer.sign({ ...claims, fingerprint: 'ready|t1' });
    expect(signer.verify(token, claims)).toMatchObject({ ok: true, fingerprint: 'ready|t1' });
    expect(signer.verify(token, { ...claims, tool: 'machines_stop' })).toEqual({ ok: false, reason: 'tool' });
    expect(signer.verify(token, { ...claims, args: argsHash({ id: 'ps2' }) })).toEqual({
      ok: false,
      reason: 'args',
    });
    expect(signer.verify(token, { ...claims, caller: 'bob' })).toEqual({ ok: false, reason: 'caller' });
    expect(signer.verify(token, { ...claims, purpose: 'elicit' })).toEqual({ ok: false, reason: 'purpose' });
  });

  it('refuse a tampered payload or signature and a token from another secret', () => {
    const signer = new TokenSigner('a-secret-of-some-length', 60_000);
    const token = signer.sign({ ...claims, fingerprint: 'f' });
    const [v, body, mac] = token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), tool: 'x' }),
    ).toString('base64url');
    expect(signer.verify(`${v}.${forged}.${mac}`, claims)).toEqual({ ok: false, reason: 'signature' });
    expect(signer.verify(`${v}.${body}.${mac.slice(0, -2)}AA`, claims)).toEqual({
      ok: false,
      reason: 'signature',
    });
    expect(signer.verify('nonsense', claims)).toEqual({ ok: false, reason: 'malformed' });
    // Exactly three parts: a valid token with anything appended is not the same token.
    expect(signer.verify(`${token}.extra`, claims)).toEqual({ ok: false, reason: 'malformed' });
    const other = new TokenSigner('another-secret-entirely', 60_000);
    expect(other.verify(token, claims)).toEqual({ ok: false, reason: 'signature' });
    const sameSecret = new TokenSigner('a-secret-of-some-length', 60_000);
    expect(sameSecret.verify(token, claims)).toMatchObject({ ok: true });
  });

  it('expire', () => {
    let now = 1_000_000;
    const signer = new TokenSigner('a-secret-of-some-length', 5_000, () => now);
    const later = signer.sign({ ...claims, fingerprint: 'f' });
    now += 5_001;
    expect(signer.verify(later, claims)).toEqual({ ok: false, reason: 'expired' });
  });

  it('bind canonical arguments: key order and the confirm field do not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe('{"a":{"c":null,"d":[1,2]},"b":1}');
    expect(argsHash({ a: 1, b: 'x', confirm: 'tok' })).toBe(argsHash({ b: 'x', a: 1 }));
    expect(argsHash({ a: 1 })).not.toBe(argsHash({ a: 2 }));
  });

  it('bind arguments by a digest keyed with the secret: a secret value cannot be tried offline', () => {
    const args = { id: 'team1', name: 'DB_PASSWORD', value: 'hunter2' };
    const plain = createHash('sha256').update(canonicalJson(args)).digest('base64url').slice(0, 22);
    expect(argsHash(args)).not.toBe(plain);
    expect(new TokenSigner('another-secret-entirely', 1).argsDigest(args)).not.toBe(argsHash(args));
    const token = new TokenSigner(SECRET, 60_000).sign({ ...claims, args: argsHash(args), fingerprint: 'f' });
    expect(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).not.toContain('hunter2');
  });

  it('carry the caller only as a keyed digest: the key or bearer token behind it cannot be tried offline', () => {
    // Over HTTP the caller is a plain hash of the per-request key or of the bearer token.
    const caller = identityOf('a-bearer-token-someone-chose');
    const signer = new TokenSigner(SECRET, 60_000);
    const token = signer.sign({ ...claims, caller, fingerprint: 'f' });
    expect(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).not.toContain(caller);
    expect(signer.verify(token, { ...claims, caller })).toMatchObject({ ok: true });
    expect(signer.verify(token, { ...claims, caller: identityOf('another-token') })).toEqual({
      ok: false,
      reason: 'caller',
    });
  });
});
