import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Hostnames that only reach this machine. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];

export const isLoopback = (host: string) => LOOPBACK_HOSTS.includes(host) || host.startsWith('127.');

/** The hostname of a Host or Origin value, lowercased, without port. */
export function hostnameOf(value: string): string | undefined {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection: the Host header must name this server, and an Origin (browsers send
 * one) must be an allowed one. Requests without Origin come from non-browser clients.
 */
export function checkHostAndOrigin(
  req: IncomingMessage,
  allowedHosts: ReadonlySet<string>,
  allowedOrigins: ReadonlySet<string>,
): string | undefined {
  const host = hostnameOf(req.headers.host ?? '');
  if (!host || !allowedHosts.has(host))
    return `Host ${JSON.stringify(req.headers.host ?? '')} is not allowed`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const originHost = hostnameOf(origin);
    if (!originHost || !(allowedOrigins.has(originHost) || allowedOrigins.has(origin))) {
      return `Origin ${JSON.stringify(origin)} is not allowed`;
    }
  }
  return undefined;
}

/** Constant-time comparison of the request's bearer with the configured token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const a = createHash('sha256')
    .update(match[1] as string)
    .digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** A stable, non-reversible identity for a secret (a caller's key): never the secret itself. */
export const identityOf = (secret: string) =>
  createHash('sha256').update(secret).digest('base64url').slice(0, 16);
