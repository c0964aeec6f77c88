import { type LookupAddress, type LookupOptions, lookup as systemLookup } from 'node:dns';
import { type ClientRequestArgs, Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { StorageRefusal } from './storage-errors.js';

/**
 * Where a storage provider's endpoint may lead. An HTTP caller names the endpoint (it creates the
 * provider), so without this rule it could make the server fetch its own network (a metadata
 * service, an admin port on loopback) and hand back what came back. The rule is applied to the
 * address a connection actually goes to: after name resolution, inside the agents' lookup, so no
 * second resolution can swap the address between the check and the connect.
 */
export interface EndpointRule {
  /** Refuse loopback, link-local, private, unique-local and other non-public addresses. */
  refusePrivate: boolean;
  /** `host:port` exempt from the refusal: the sandbox's own S3 emulator. */
  exempt?: string | undefined;
}

type Kind = 'loopback' | 'link-local' | 'private' | 'unique-local' | 'unspecified' | 'reserved';

const RANGES: ReadonlyArray<[Kind, string, number, 'ipv4' | 'ipv6']> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  // Carrier-grade NAT space: some clouds serve metadata there (100.100.100.200).
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['reserved', '224.0.0.0', 3, 'ipv4'],
  // ::/96 holds :: (unspecified), ::1 (loopback) and the IPv4-compatible forms of both.
  ['unspecified', '::', 96, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['reserved', 'fec0::', 10, 'ipv6'],
  ['reserved', 'ff00::', 8, 'ipv6'],
  // NAT64: an IPv4 address behind a translator.
  ['reserved', '64:ff9b::', 96, 'ipv6'],
];

const LISTS = new Map<Kind, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  const list = LISTS.get(kind) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(kind, list);
}

/**
 * The kind of non-public address `address` is, or undefined for a public one. IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`) counts as the IPv4 address it carries.
 */
export function addressKind(address: string): Kind | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (family === 'ipv6' && address.toLowerCase() === '::1') return 'loopback';
  for (const [kind, list] of LISTS) if (list.check(address, family)) return kind;
  return undefined;
}

/** Refused: the connection would go to a non-public address. The message names no address. */
export class PrivateEndpointError extends StorageRefusal {
  constructor(host: string, kind: Kind) {
    super(
      `its endpoint ${JSON.stringify(host)} leads to a ${kind} address, which this server does not connect to for HTTP callers (the operator can allow it with --allow-private-endpoints). Nothing was sent.`,
    );
  }
}

const bare = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/** The refusal for a connection to `host:port`, when the host is an address literal. */
function literalRefusal(rule: EndpointRule, host: string, port: unknown): Error | undefined {
  const address = bare(host);
  if (!rule.refusePrivate || isIP(address) === 0) return undefined;
  if (rule.exempt !== undefined && rule.exempt === `${address}:${String(port)}`) return undefined;
  const kind = addressKind(address);
  return kind ? new PrivateEndpointError(host, kind) : undefined;
}

/** How names are resolved (the system resolver; a test may give its own). */
export type Resolve = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A lookup for sockets that resolves once, checks every address, and hands exactly those addresses
 * to the connect: a name with any non-public address is refused.
 */
export function guardedLookup(rule: EndpointRule, resolve: Resolve = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const refused = rule.refusePrivate
        ? addresses.map((a) => addressKind(a.address)).find((k) => k !== undefined)
        : undefined;
      if (refused) return callback(new PrivateEndpointError(hostname, refused), '', 4);
      const first = addresses[0];
      if (options.all) return callback(null, addresses);
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

type Callback = (err: Error | null, stream: Duplex) => void;

/**
 * HTTP and HTTPS agents for one bucket client whose every connection obeys `rule`: names through
 * the guarded lookup, address literals (which skip any lookup) checked before connecting.
 */
export function guardedAgents(rule: EndpointRule, resolve?: Resolve) {
  const lookup = guardedLookup(rule, resolve);
  const options = { keepAlive: true, maxSockets: 50, lookup };
  class GuardedHttpAgent extends HttpAgent {
    override createConnection(req: ClientRequestArgs, callback?: Callback) {
      const refused = literalRefusal(rule, String(req.host ?? ''), req.port);
      if (refused) return void callback?.(refused, undefined as unknown as Duplex);
      return super.createConnection(req, callback);
    }
  }
  class GuardedHttpsAgent extends HttpsAgent {
    override createConnection(req: RequestOptions, callback?: Callback) {
      const refused = literalRefusal(rule, String(req.host ?? ''), req.port);
      if (refused) return void callback?.(refused, undefined as unknown as Duplex);
      return super.createConnection(req, callback);
    }
  }
  return { httpAgent: new GuardedHttpAgent(options), httpsAgent: new GuardedHttpsAgent(options) };
}

/**
 * The same rule for an endpoint URL before anything is created (datasets_versions_create checks
 * the provider first): resolves the name and refuses what a connection would refuse.
 */
export async function checkEndpoint(rule: EndpointRule, endpoint: string, resolve?: Resolve): Promise<void> {
  if (!rule.refusePrivate) return;
  const url = new URL(endpoint);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const literal = literalRefusal(rule, url.hostname, port);
  if (literal) throw literal;
  if (isIP(bare(url.hostname)) !== 0) return;
  const lookup = guardedLookup(rule, resolve);
  await new Promise<void>((ok, fail) =>
    lookup(url.hostname, { all: true }, (error) => (error instanceof StorageRefusal ? fail(error) : ok())),
  );
}
