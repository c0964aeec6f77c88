import { Transform, type TransformCallback } from 'node:stream';
import { knownSecrets } from '../secrets.js';
import { FilesError } from './errors.js';

/**
 * File content is the user's: it is returned and uploaded byte for byte, never edited by the
 * exit filter. What must not leave is a secret this server holds (API keys, the signing secret,
 * the Redis password, storage keys): a file whose raw bytes contain one is refused, naming which
 * kind of secret, never its value.
 */

interface Needle {
  bytes: Buffer;
  kind: string;
}

/** Up to this many values, one `indexOf` per value is fastest; beyond, a prefix table is. */
const DIRECT_SEARCH_MAX = 8;

/** A search for every known secret in a buffer, built once per file from the values known then. */
export interface SecretSearch {
  /** The kind of the first known secret found in `buf`, or undefined. */
  find(buf: Buffer): string | undefined;
  /** Bytes of the longest value: a stream keeps this many minus one back between chunks. */
  readonly longest: number;
}

export function secretSearch(): SecretSearch {
  const needles: Needle[] = knownSecrets().map(({ value, kind }) => ({ bytes: Buffer.from(value), kind }));
  const longest = needles.reduce((a, n) => Math.max(a, n.bytes.length), 0);
  if (needles.length <= DIRECT_SEARCH_MAX) {
    return {
      longest,
      find: (buf) => needles.find((n) => buf.indexOf(n.bytes) !== -1)?.kind,
    };
  }
  return { longest, find: prefixTable(needles) };
}

/**
 * Many values (multi-tenant HTTP remembers hundreds of per-request keys): one pass over the
 * buffer, looking up each position's first four bytes in a bitmap of the values' first four
 * bytes, and comparing whole values only on a hit. Its cost does not grow with the values.
 */
function prefixTable(needles: readonly Needle[]): (buf: Buffer) => string | undefined {
  const bits = new Uint8Array(1 << 17);
  const byPrefix = new Map<number, Needle[]>();
  const slot = (v: number) => Math.imul(v, 2654435761) >>> 12;
  for (const n of needles) {
    const v = n.bytes.readUInt32LE(0);
    const h = slot(v);
    bits[h >>> 3] = (bits[h >>> 3] ?? 0) | (1 << (h & 7));
    const list = byPrefix.get(v);
    if (list) list.push(n);
    else byPrefix.set(v, [n]);
  }
  return (buf) => {
    const end = buf.length - 3;
    for (let i = 0; i < end; i++) {
      const v = buf.readUInt32LE(i);
      const h = slot(v);
      if (((bits[h >>> 3] ?? 0) & (1 << (h & 7))) === 0) continue;
      for (const n of byPrefix.get(v) ?? []) {
        const stop = i + n.bytes.length;
        if (stop <= buf.length && buf.compare(n.bytes, 0, n.bytes.length, i, stop) === 0) return n.kind;
      }
    }
    return undefined;
  };
}

/** The refusal for a file that holds a known secret: which file, which kind, never the value. */
export function holdsSecretError(what: string, kind: string, verb: string): FilesError {
  return new FilesError(
    `${what} holds a known secret (${kind}), so it is not ${verb}. Remove the secret from the file first.`,
  );
}

/** Refuses bytes read whole (an inline read, a resource) when they contain a known secret. */
export function refuseKnownSecret(bytes: Buffer, what: string, verb: string): void {
  const kind = secretSearch().find(bytes);
  if (kind !== undefined) throw holdsSecretError(what, kind, verb);
}

/**
 * A pass-through that fails as soon as the bytes so far contain a known secret. It holds the last
 * `longest - 1` bytes back until the next chunk is seen, so a secret split across chunks is
 * found, and no byte of a secret is passed on before it is.
 */
export function secretScanStream(what: string, verb: string): Transform {
  const search = secretSearch();
  const keep = Math.max(0, search.longest - 1);
  let carry: Buffer = Buffer.alloc(0);
  return new Transform({
    // Large enough that the scan is no extra hop of small writes between the file and the upload.
    highWaterMark: 1024 * 1024,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (chunk.length < keep) {
        const buf = Buffer.concat([carry, chunk]);
        const kind = search.find(buf);
        if (kind !== undefined) return done(holdsSecretError(what, kind, verb));
        const cut = Math.max(0, buf.length - keep);
        carry = buf.subarray(cut);
        return done(null, cut > 0 ? buf.subarray(0, cut) : undefined);
      }
      // The chunk, and where it meets the bytes held back: every secret ending in this chunk
      // lies in one of the two. Nothing is copied but the seam.
      const seam = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, keep)]) : undefined;
      const kind = (seam && search.find(seam)) ?? search.find(chunk);
      if (kind !== undefined) return done(holdsSecretError(what, kind, verb));
      if (carry.length > 0) this.push(carry);
      carry = chunk.subarray(chunk.length - keep);
      done(null, chunk.subarray(0, chunk.length - keep));
    },
    flush(done: TransformCallback) {
      done(null, carry.length > 0 ? carry : undefined);
    },
  });
}
