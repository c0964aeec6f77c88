import { isIPv4, isIPv6 } from 'node:net';

/** Hostnames that only reach this machine. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/**
 * Whether a bind address only reaches this machine, decided by parsing it: `localhost`, an IPv4
 * address in 127.0.0.0/8, or IPv6 ::1 (also written out, or as IPv4-mapped 127.x). A name that
 * merely starts with "127." (127.attacker.example) is not loopback.
 */
export function isLoopback(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (!isIPv6(bare)) return false;
  const canonical = new URL(`http://[${bare}]`).hostname;
  return canonical === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(canonical);
}
