import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

// RFC 9110 Host: uri-host [ ":" port ], with uri-host an IP literal, an IPv4 address or a name.
// Strict on purpose: no user info ("evil@host"), no path, no spaces.
const HOST_HEADER = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?))(?::(\d{1,5}))?$/i;

/** The hostname of a Host header value (lowercased, IPv6 without brackets), or undefined if malformed. */
export function parseHostHeader(value: string | undefined): string | undefined {
  const match = HOST_HEADER.exec(value ?? '');
  if (!match) return undefined;
  const [, ipv6, name, port] = match;
  if (port !== undefined && Number(port) > 65_535) return undefined;
  if (ipv6 !== undefined) return isIPv6(ipv6) ? ipv6.toLowerCase() : undefined;
  return name?.toLowerCase();
}

/** The hostname of an Origin value (`scheme://host[:port]`, nothing else), or undefined. */
export function hostnameOf(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)$/i.exec(value);
  return match ? parseHostHeader(match[1]) : undefined;
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
  const host = parseHostHeader(req.headers.host);
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
  const bearer = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  if (bearer === undefined) return false;
  const a = createHash('sha256').update(bearer).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** A stable, non-reversible identity for a secret (a caller's key): never the secret itself. */
export const identityOf = (secret: string) =>
  createHash('sha256').update(secret).digest('base64url').slice(0, 16);
