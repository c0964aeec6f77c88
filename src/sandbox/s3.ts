import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The sandbox's object storage: a real S3-compatible server (s3rver) on a free loopback port, so
 * the dataset file tools work against the sandbox end to end. s3rver is a devDependency: where it
 * is not installed (the published package), the sandbox runs without it and says so.
 */
export interface SandboxS3 {
  /** Path-style endpoint, e.g. http://127.0.0.1:41234 */
  endpoint: string;
  /** Lets a storage provider's keys sign requests. */
  allowKeys(accessKey: string, secretAccessKey: string): void;
  createBucket(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Endpoint the sandbox's providers carry when s3rver is missing: the file tools name it. */
export const S3RVER_MISSING_HOST = 's3rver-not-installed.invalid';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  store: { putBucket(name: string): Promise<unknown>; getBucket(name: string): Promise<unknown> };
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

export async function startSandboxS3(): Promise<SandboxS3 | undefined> {
  let S3rver: S3rverClass | undefined;
  let account: { DUMMY_ACCOUNT: { createKeyPair(a: string, s: string): void } } | undefined;
  // Next to this module (the bundle in a checkout), else from the working directory's packages.
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const require = createRequire(base);
      S3rver = require('s3rver') as S3rverClass;
      account = require('s3rver/lib/models/account');
      break;
    } catch {
      // not installed there
    }
  }
  if (!S3rver || !account) return undefined;
  const directory = await mkdtemp(join(tmpdir(), 'paperspace-sandbox-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    allowKeys: (accessKey, secretAccessKey) =>
      account.DUMMY_ACCOUNT.createKeyPair(accessKey, secretAccessKey),
    async createBucket(name) {
      if (!(await server.store.getBucket(name))) await server.store.putBucket(name);
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
