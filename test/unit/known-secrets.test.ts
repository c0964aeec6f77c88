import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { refuseKnownSecret, secretScanStream } from '../../src/files/known-secrets.js';
import { pinSecret, rememberSecret } from '../../src/secrets.js';
import { bytesOf } from '../helpers/files.js';

const SECRET = 'scan-canary-signing-5e1f0a9b7c';
pinSecret(SECRET, 'the token-signing secret');

/** Streams `data` in chunks of `size` through the scanner; what came out, and the error if any. */
async function scan(data: Buffer, size: number) {
  const out: Buffer[] = [];
  const chunks = Array.from({ length: Math.ceil(data.length / size) }, (_, i) =>
    data.subarray(i * size, (i + 1) * size),
  );
  const error = await pipeline(
    Readable.from(chunks),
    secretScanStream('w.bin', 'uploaded'),
    new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(chunk);
        done();
      },
    }),
  ).then(
    () => undefined,
    (e: Error) => e,
  );
  return { out: Buffer.concat(out), error };
}

function withSecretAt(size: number, at: number, secret = SECRET): Buffer {
  const data = bytesOf(size, 5);
  Buffer.from(secret).copy(data, at);
  return data;
}

describe('known secrets in file content', () => {
  it.each([1, 7, 64, 4096])(
    'a secret split across chunks of %i bytes is found, and none of its bytes pass before',
    async (size) => {
      const at = 10_000 - 5;
      const { out, error } = await scan(withSecretAt(20_000, at), size);
      expect(error?.message).toBe(
        'w.bin holds a known secret (the token-signing secret), so it is not uploaded. Remove the secret from the file first.',
      );
      expect(out.length).toBeLessThanOrEqual(at);
    },
  );

  it('content without a known secret passes byte for byte', async () => {
    const data = bytesOf(50_000, 6);
    const { out, error } = await scan(data, 333);
    expect(error).toBeUndefined();
    expect(out.equals(data)).toBe(true);
  });

  it('with hundreds of known values (per-request keys), every one is still found, across chunks', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `tenant-key-${String(i).padStart(4, '0')}-a1b2c3d4`);
    for (const key of keys) rememberSecret(key);
    for (const key of [keys[0], keys[150], keys[299]] as string[]) {
      const { out, error } = await scan(withSecretAt(30_000, 20_001, key), 4096);
      expect(error?.message).toMatch(/holds a known secret \(a per-request API key\)/);
      expect(out.length).toBeLessThanOrEqual(20_001);
    }
    expect(() => refuseKnownSecret(withSecretAt(500, 499 - SECRET.length), 'r.bin', 'returned')).toThrow(
      /r.bin holds a known secret \(the token-signing secret\), so it is not returned/,
    );
    const clean = bytesOf(100_000, 8);
    expect((await scan(clean, 1000)).out.equals(clean)).toBe(true);
    expect(() => refuseKnownSecret(clean, 'r.bin', 'returned')).not.toThrow();
  });
});
