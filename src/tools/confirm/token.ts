import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Confirmation tokens: HMAC-signed, stateless, single-use. A token is bound to the tool, the
 * canonical arguments, an expiry, the caller (over HTTP) and the target's fingerprint at preview
 * time, so any replica with the same secret can verify it, and once the call has changed the
 * target a replay fails the fingerprint check. One process also remembers the nonces it redeemed.
 */
export interface TokenClaims {
  /** Tool name. */
  tool: string;
  /** Hash of the canonical arguments (without `confirm`). */
  args: string;
  /** Caller identity ('' on stdio). */
  caller: string;
  /** Fingerprint of the target when the preview was made. */
  fingerprint: string;
  /** What the token is for: redeeming through `confirm`, or echoing as elicitation requestState. */
  purpose: 'token' | 'elicit';
}

interface Payload extends TokenClaims {
  exp: number;
  nonce: string;
}

export type VerifyFailure =
  | 'malformed'
  | 'signature'
  | 'expired'
  | 'tool'
  | 'args'
  | 'caller'
  | 'purpose'
  | 'replayed';

export class TokenSigner {
  private readonly key: Buffer;
  private readonly redeemed = new Map<string, number>();

  constructor(
    secret: string | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = secret ? createHash('sha256').update(secret).digest() : randomBytes(32);
  }

  sign(claims: TokenClaims): string {
    const payload: Payload = {
      ...claims,
      exp: this.now() + this.ttlMs,
      nonce: randomBytes(9).toString('base64url'),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `v1.${body}.${this.mac(body)}`;
  }

  /** Checks a token against the claims of the call at hand; returns its payload or why it fails. */
  verify(
    token: string,
    expected: Omit<TokenClaims, 'fingerprint'>,
  ): { ok: true; fingerprint: string; nonce: string; exp: number } | { ok: false; reason: VerifyFailure } {
    const [version, body, mac] = token.split('.');
    if (version !== 'v1' || !body || !mac) return { ok: false, reason: 'malformed' };
    const good = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (good.length !== given.length || !timingSafeEqual(good, given))
      return { ok: false, reason: 'signature' };
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Payload;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (payload.purpose !== expected.purpose) return { ok: false, reason: 'purpose' };
    if (payload.tool !== expected.tool) return { ok: false, reason: 'tool' };
    if (payload.args !== expected.args) return { ok: false, reason: 'args' };
    if (payload.caller !== expected.caller) return { ok: false, reason: 'caller' };
    if (payload.exp <= this.now()) return { ok: false, reason: 'expired' };
    if (this.redeemed.has(payload.nonce)) return { ok: false, reason: 'replayed' };
    return { ok: true, fingerprint: payload.fingerprint, nonce: payload.nonce, exp: payload.exp };
  }

  /** Marks a token used; forgotten after it expires anyway. */
  redeem(nonce: string, exp: number): void {
    const now = this.now();
    for (const [n, e] of this.redeemed) if (e <= now) this.redeemed.delete(n);
    this.redeemed.set(nonce, exp);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** JSON with sorted keys and no undefined values: equal arguments give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const hashOf = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** The arguments a token is bound to: everything but `confirm` itself. */
export function argsHash(args: Record<string, unknown>): string {
  const { confirm: _ignored, ...rest } = args;
  return hashOf(canonicalJson(rest));
}
