import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxS3 } from '../../src/sandbox/s3.js';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  store: {
    putBucket(name: string): Promise<unknown>;
    getBucket(name: string): Promise<unknown>;
  };
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface Account {
  DUMMY_ACCOUNT: { createKeyPair(accessKey: string, secret: string): void };
}

/**
 * s3rver (a devDependency) as the sandbox's storage: a real S3 server that is not ours, on a free
 * loopback port over a temporary directory, for the file tool tests (`startSandbox({ s3: s3rver })`).
 * Resolved from the working directory, so the benchmark can load this module through esbuild too.
 */
export async function s3rver(): Promise<SandboxS3> {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const S3rver = require('s3rver') as S3rverClass;
  const account = require('s3rver/lib/models/account') as Account;
  const directory = await mkdtemp(join(tmpdir(), 'paperspace-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const keys = { accessKeyId: '', secretAccessKey: '' };
  return {
    endpoint,
    allowKeys(accessKey, secretAccessKey) {
      account.DUMMY_ACCOUNT.createKeyPair(accessKey, secretAccessKey);
      Object.assign(keys, { accessKeyId: accessKey, secretAccessKey });
    },
    async createBucket(name) {
      if (!(await server.store.getBucket(name))) await server.store.putBucket(name);
    },
    async putObject(bucket, key, body) {
      // Through its HTTP API with the AWS SDK, as any client would put it.
      const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
      const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: keys });
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      } finally {
        client.destroy();
      }
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
