import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Emulator, startS3Emulator } from '../../src/sandbox/s3/server.js';
import { bytesOf } from '../helpers/files.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const KEYS = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator/secret+key' };
const Bucket = 'bucket';
const MiB = 1024 * 1024;

const clientOf = (endpoint: string, credentials = KEYS) =>
  new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const bodyOf = async (s3: S3Client, Key: string) =>
  Buffer.from(
    await ((await s3.send(new GetObjectCommand({ Bucket, Key }))).Body?.transformToByteArray() ?? []),
  );
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => ({
      name: e.name,
      status: e.$metadata?.httpStatusCode,
    }),
  );

/** The sandbox's own S3 emulator, driven by the AWS SDK client as the file tools drive a bucket. */
describe('the S3 emulator', () => {
  let emulator: S3Emulator;
  let s3: S3Client;
  beforeAll(async () => {
    emulator = await startS3Emulator({ maxBytes: 32 * MiB });
    emulator.allowKeys(KEYS.accessKeyId, KEYS.secretAccessKey);
    emulator.store.createBucket(Bucket);
    s3 = clientOf(emulator.endpoint);
  });
  afterAll(async () => {
    s3.destroy();
    await emulator.close();
  });

  it('listens on loopback only', () => {
    expect(new URL(emulator.endpoint).hostname).toBe('127.0.0.1');
  });

  it('puts, heads, gets (whole and a range) and deletes an object, as S3 answers', async () => {
    const body = bytesOf(70_000, 3);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'a/b.bin',
        Body: body,
        ContentType: 'application/x-test',
        Metadata: { origin: 'test' },
      }),
    );
    expect(put.ETag).toBe(`"${md5(body)}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'a/b.bin' }));
    expect(head).toMatchObject({ ContentLength: 70_000, ETag: put.ETag, ContentType: 'application/x-test' });
    expect(head.Metadata).toEqual({ origin: 'test' });
    expect(head.LastModified).toBeInstanceOf(Date);
    expect((await bodyOf(s3, 'a/b.bin')).equals(body)).toBe(true);
    const range = await s3.send(new GetObjectCommand({ Bucket, Key: 'a/b.bin', Range: 'bytes=10-19' }));
    expect(range.ContentRange).toBe('bytes 10-19/70000');
    expect(Buffer.from((await range.Body?.transformToByteArray()) ?? []).equals(body.subarray(10, 20))).toBe(
      true,
    );
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'a/b.bin' }));
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket, Key: 'a/b.bin' })))).toEqual({
      name: 'NotFound',
      status: 404,
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket, Key: 'a/b.bin' })))).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(await failure(s3.send(new GetObjectCommand({ Bucket: 'other', Key: 'x' })))).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
  });

  it('lists with ListObjects v1 and v2: prefix, delimiter, pages, and names that need escaping', async () => {
    const keys = [
      'l/1.txt',
      'l/2.txt',
      'l/3 & <4>.txt',
      'l/d/x.txt',
      'l/d/y.txt',
      'l/ñandú 🐦.csv',
      'm/z.txt',
    ];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const v1: string[] = [];
    let Marker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'l/', MaxKeys: 2, Marker }));
      v1.push(...(res.Contents ?? []).map((c) => c.Key as string));
      if (!res.IsTruncated) break;
      Marker = res.NextMarker ?? res.Contents?.at(-1)?.Key;
    }
    const inOrder = keys
      .filter((k) => k.startsWith('l/'))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(v1).toEqual(inOrder);

    const folders = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'l/', Delimiter: '/' }));
    expect(folders.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['l/d/']);
    expect(folders.Contents?.map((c) => c.Key)).not.toContain('l/d/x.txt');
    const sizes = Object.fromEntries((folders.Contents ?? []).map((c) => [c.Key, c.Size]));
    expect(sizes['l/3 & <4>.txt']).toBe(Buffer.byteLength('l/3 & <4>.txt'));

    const v2: string[] = [];
    let ContinuationToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await s3.send(
        new ListObjectsV2Command({ Bucket, Prefix: 'l/', MaxKeys: 3, ContinuationToken }),
      );
      expect(res.KeyCount).toBe(res.Contents?.length ?? 0);
      v2.push(...(res.Contents ?? []).map((c) => c.Key as string));
      if (!res.IsTruncated) break;
      ContinuationToken = res.NextContinuationToken;
    }
    expect(v2).toEqual(inOrder);
    const after = await s3.send(
      new ListObjectsV2Command({ Bucket, Prefix: 'l/', StartAfter: 'l/d/y.txt', EncodingType: 'url' }),
    );
    expect(after.Contents?.map((c) => decodeURIComponent(c.Key as string))).toEqual(['l/ñandú 🐦.csv']);
  });

  it('assembles a multipart upload from its parts, aborts one, and refuses a part it never got', async () => {
    const [one, two] = [bytesOf(5 * MiB, 4), bytesOf(123_456, 5)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mp.bin' }));
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'mp.bin', UploadId, PartNumber: 1, Body: one }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'mp.bin', UploadId, PartNumber: 2, Body: two }),
    );
    const bad = await failure(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'mp.bin',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 3, ETag: p2.ETag },
            ],
          },
        }),
      ),
    );
    expect(bad).toEqual({ name: 'InvalidPart', status: 400 });
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'mp.bin',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const digest = createHash('md5')
      .update(Buffer.concat([Buffer.from(md5(one), 'hex'), Buffer.from(md5(two), 'hex')]))
      .digest('hex');
    expect(done.ETag).toBe(`"${digest}-2"`);
    expect((await bodyOf(s3, 'mp.bin')).equals(Buffer.concat([one, two]))).toBe(true);

    const before = emulator.store.usedBytes;
    const aborted = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'gone.bin' }));
    await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: 'gone.bin',
        UploadId: aborted.UploadId,
        PartNumber: 1,
        Body: one,
      }),
    );
    expect(emulator.store.usedBytes).toBe(before + one.length);
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'gone.bin', UploadId: aborted.UploadId }));
    expect(emulator.store.usedBytes).toBe(before);
    expect(await failure(s3.send(new HeadObjectCommand({ Bucket, Key: 'gone.bin' })))).toMatchObject({
      status: 404,
    });
  });

  it('takes a streamed upload of several parts from lib-storage, as the file tools send it', async () => {
    const body = bytesOf(9 * MiB + 7, 6);
    await new Upload({
      client: s3,
      params: { Bucket, Key: 'streamed.bin', Body: body, ContentLength: body.length },
      partSize: 5 * MiB,
      queueSize: 2,
    }).done();
    expect(md5(await bodyOf(s3, 'streamed.bin'))).toBe(md5(body));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'streamed.bin' }));
  });

  it('deletes many objects at once, quietly or naming each', async () => {
    for (const Key of ['d/1', 'd/2', 'd/3']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' }));
    const loud = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'd/1' }, { Key: 'd/missing' }] } }),
    );
    expect(loud.Deleted?.map((d) => d.Key)).toEqual(['d/1', 'd/missing']);
    const quiet = await s3.send(
      new DeleteObjectsCommand({
        Bucket,
        Delete: { Objects: [{ Key: 'd/2' }, { Key: 'd/3' }], Quiet: true },
      }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    const left = await s3.send(new ListObjectsCommand({ Bucket, Prefix: 'd/' }));
    expect(left.Contents ?? []).toEqual([]);
  });

  it('refuses a wrong secret, an unknown key and an unsigned request, as a real bucket does', async () => {
    const wrong = clientOf(emulator.endpoint, { ...KEYS, secretAccessKey: 'rotated' });
    const unknown = clientOf(emulator.endpoint, { ...KEYS, accessKeyId: 'AKIDUNKNOWN' });
    try {
      expect(await failure(wrong.send(new ListObjectsCommand({ Bucket })))).toEqual({
        name: 'SignatureDoesNotMatch',
        status: 403,
      });
      expect(await failure(unknown.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' })))).toEqual({
        name: 'InvalidAccessKeyId',
        status: 403,
      });
    } finally {
      wrong.destroy();
      unknown.destroy();
    }
    const anonymous = await fetch(`${emulator.endpoint}/${Bucket}/k`, { method: 'PUT', body: 'x' });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toMatch(/<Code>AccessDenied<\/Code>/);
  });

  it('answers NotImplemented for what it does not do', async () => {
    await s3.send(new PutObjectCommand({ Bucket, Key: 'src', Body: 'x' }));
    expect(
      await failure(s3.send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/src` }))),
    ).toEqual({ name: 'NotImplemented', status: 501 });
  });
});

describe('the S3 emulator within its memory bound', () => {
  it('refuses a write that would pass the bound, keeps nothing of it, and takes writes again after a delete', async () => {
    const emulator = await startS3Emulator({ maxBytes: 1 * MiB });
    emulator.allowKeys(KEYS.accessKeyId, KEYS.secretAccessKey);
    emulator.store.createBucket(Bucket);
    const s3 = clientOf(emulator.endpoint);
    try {
      const chunk = bytesOf(600 * 1024, 7);
      await s3.send(new PutObjectCommand({ Bucket, Key: 'one', Body: chunk }));
      expect(await failure(s3.send(new PutObjectCommand({ Bucket, Key: 'two', Body: chunk })))).toEqual({
        name: 'EntityTooLarge',
        status: 400,
      });
      expect(emulator.store.usedBytes).toBe(chunk.length);
      // A part counts as well, and so does an object replaced by a larger one.
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'mp' }));
      expect(
        await failure(
          s3.send(new UploadPartCommand({ Bucket, Key: 'mp', UploadId, PartNumber: 1, Body: chunk })),
        ),
      ).toMatchObject({ name: 'EntityTooLarge' });
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'one' }));
      expect(emulator.store.usedBytes).toBe(0);
      await s3.send(new PutObjectCommand({ Bucket, Key: 'two', Body: chunk }));
      expect(emulator.store.usedBytes).toBe(chunk.length);
    } finally {
      s3.destroy();
      await emulator.close();
    }
  });
});
