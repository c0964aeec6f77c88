import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { StorageLimits } from '../../src/files/s3-handler.js';
import type { Harness } from './harness.js';

/** Storage rules for a bucket a test opens itself: the network of the test's own peers. */
export const TEST_STORAGE: StorageLimits = { timeoutMs: 30_000, refusePrivate: false };

/** Keys of the sandbox's seeded "aws-datasets" provider (its s3Config as the API returns it). */
export const SANDBOX_S3_KEYS = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  bucket: 'analytical-engines-datasets',
};

/** Deterministic bytes: a different pattern per seed. */
export function bytesOf(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A temporary directory, removed by the returned cleanup. */
export async function tempDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `psmcp-${name}-`));
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/**
 * A tree like a small dataset: text files, nested directories, unicode names, an empty file and
 * one file above the multipart threshold (8 MiB parts).
 */
export async function makeTree(
  root: string,
  bigBytes = 9 * 1024 * 1024 + 123,
): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {
    'README.md': Buffer.from('# digits\nA tiny dataset.\n'),
    'labels/classes.txt': Buffer.from('zero\none\ntwo\n'),
    'train/a/0001.bin': bytesOf(70_000, 1),
    'train/b/ñandú 🐦.csv': Buffer.from('id,name\n1,ñandú\n'),
    'empty.txt': Buffer.alloc(0),
    'big/shard-00.bin': bytesOf(bigBytes, 2),
  };
  for (const [rel, data] of Object.entries(files)) {
    const path = join(root, ...rel.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  }
  return files;
}

/** Every file below `root` as relative "/"-path → bytes. */
export async function readTree(root: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  const visit = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else out[relative(root, full).split(sep).join('/')] = await readFile(full);
    }
  };
  await visit(root);
  return out;
}

/** The seeded provider that stores files in the sandbox's own S3 storage. */
export async function sandboxProviderId(h: Pick<Harness, 'call'>): Promise<string> {
  const list = await h.call('storage_providers_list', {});
  const items = (list.structuredContent?.items ?? []) as Array<{ id: string; name: string }>;
  const provider = items.find((p) => p.name === 'aws-datasets');
  if (!provider) throw new Error('the sandbox has no aws-datasets provider');
  return provider.id;
}

/** path → sha256 of the bytes: compares trees without walking megabytes through a deep equality. */
export function digests(tree: Record<string, Buffer>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).map(([k, v]) => [k, createHash('sha256').update(v).digest('hex')]),
  );
}
