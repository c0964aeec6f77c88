import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRecord } from '../types/narrow.js';

/**
 * Confirmation tokens: HMAC-signed and stateless. A token is bound to the tool, the canonical
 * arguments, an expiry, the caller (over HTTP) and the target's fingerprint at preview time, so
 * any replica with the same secret can verify it. Single use is not the token's job: the gate
 * redeems its nonce in a RedeemedStore (store.ts) before the call goes out.
 */
export interface TokenClaims {
  /** Tool name. */
  tool: string;
  /** Keyed digest of the canonical arguments (without `confirm`): see `argsDigest`. */
  args: string;
  /** Caller identity ('' on stdio); the token carries a keyed digest of it. */
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

/** A token's payload from its JSON text; undefined when the text is not one (the token is malformed). */
function payloadOf(text: string): Payload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { tool, args, caller, fingerprint, purpose, exp, nonce } = value;
  if (
    typeof tool !== 'string' ||
    typeof args !== 'string' ||
    typeof caller !== 'string' ||
    typeof fingerprint !== 'string' ||
    (purpose !== 'token' && purpose !== 'elicit') ||
    typeof exp !== 'number' ||
    typeof nonce !== 'string'
  )
    return undefined;
  return { tool, args, caller, fingerprint, purpose, exp, nonce };
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

/** What a valid token carries for the gate: the fingerprint to compare, the nonce to redeem. */
export interface Verified {
  ok: true;
  fingerprint: string;
  nonce: string;
  exp: number;
}

export class TokenSigner {
  private readonly key: Buffer;

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
      caller: this.callerDigest(claims.caller),
      exp: this.now() + this.ttlMs,
      nonce: randomBytes(9).toString('base64url'),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `v1.${body}.${this.mac(body)}`;
  }

  /** True once `exp` (epoch ms) has passed: checked again after a redeem, which may be slow. */
  expired(exp: number): boolean {
    return exp <= this.now();
  }

  /** When a token this signer minted expires (epoch ms); NaN for anything else. */
  expiryOf(token: string): number {
    try {
      return payloadOf(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())?.exp ?? Number.NaN;
    } catch {
      return Number.NaN;
    }
  }

  /** Checks a token against the claims of the call at hand; returns its payload or why it fails. */
  verify(
    token: string,
    expected: Omit<TokenClaims, 'fingerprint'>,
  ): Verified | { ok: false; reason: Exclude<VerifyFailure, 'replayed'> } {
    const parts = token.split('.');
    const [version, body, mac] = parts;
    if (parts.length !== 3 || version !== 'v1' || !body || !mac) return { ok: false, reason: 'malformed' };
    const good = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (good.length !== given.length || !timingSafeEqual(good, given))
      return { ok: false, reason: 'signature' };
    const payload = payloadOf(Buffer.from(body, 'base64url').toString());
    if (payload === undefined) return { ok: false, reason: 'malformed' };
    if (payload.purpose !== expected.purpose) return { ok: false, reason: 'purpose' };
    if (payload.tool !== expected.tool) return { ok: false, reason: 'tool' };
    if (payload.args !== expected.args) return { ok: false, reason: 'args' };
    if (payload.caller !== this.callerDigest(expected.caller)) return { ok: false, reason: 'caller' };
    if (this.expired(payload.exp)) return { ok: false, reason: 'expired' };
    return { ok: true, fingerprint: payload.fingerprint, nonce: payload.nonce, exp: payload.exp };
  }

  /**
   * The arguments a token is bound to: everything but `confirm`, canonical, keyed with the secret.
   * Keyed because a token is readable (base64url JSON): a plain hash of arguments that hold a
   * secret value (teams_secrets_update) could be reversed offline by trying candidate values.
   */
  argsDigest(args: Record<string, unknown>, plan?: unknown): string {
    const { confirm: _ignored, ...rest } = args;
    const planned = plan === undefined ? '' : `\0plan\0${canonicalJson(plan)}`;
    return this.digest(`args\0${canonicalJson(rest)}${planned}`);
  }

  /**
   * The caller as a token carries it: keyed, because a token is readable and the caller over HTTP
   * is a plain hash of the caller's Paperspace key or bearer token, which could be tried offline.
   */
  private callerDigest(caller: string): string {
    return caller === '' ? '' : this.digest(`caller\0${caller}`);
  }

  /** A short keyed digest of any text (target fingerprints, argument digests). */
  digest(text: string): string {
    return createHmac('sha256', this.key).update(`digest\0${text}`).digest('base64url').slice(0, 22);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** JSON with sorted keys and no undefined values: equal arguments give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
