import { Readable } from 'node:stream';
import { isRecord } from '../types/narrow.js';
import { type BoundedOptions, boundedHandler, type OnStorageSend, type StorageLimits } from './s3-handler.js';
import { StorageRefusal } from './storage-errors.js';

export type { StorageLimits };

/**
 * The S3 side of dataset files, loaded on first use: the AWS SDK is large, and a server that never
 * touches a file must not pay for it at start-up (it lands in its own bundle chunk).
 */
export interface S3Credentials {
  bucket: string;
  endpoint: string | null;
  region: string | null;
  accessKey: string;
  secretAccessKey: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: string | null;
  etag: string | null;
}

export interface ObjectPage {
  objects: ObjectInfo[];
  /** Marker for the next page (ListObjects v1: the last key of this page), undefined at the end. */
  next: string | undefined;
}

export interface Bucket {
  readonly name: string;
  /** At most `max` objects, whatever the peer sends. */
  list(prefix: string, max: number, marker?: string, signal?: AbortSignal): Promise<ObjectPage>;
  /** undefined when there is no such object. */
  head(key: string, signal?: AbortSignal): Promise<ObjectInfo | undefined>;
  /**
   * The object's bytes, failing past `size` (the size listed for it: a longer body is refused
   * while it streams). A `download` streams as long as bytes keep coming; any other read must
   * arrive whole within the deadline.
   */
  get(
    key: string,
    read: { size: number; download?: boolean; signal?: AbortSignal | undefined },
  ): Promise<Readable>;
  /** Multipart above `partSize`, at most `queueSize` parts in flight. */
  put(
    key: string,
    body: Readable,
    size: number,
    options: { signal?: AbortSignal; onBytes?: (loaded: number) => void },
  ): Promise<void>;
  delete(keys: string[], signal?: AbortSignal): Promise<void>;
  close(): void;
}

/** Parts of 8 MiB (S3's minimum is 5 MiB), four in flight per file. */
export const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

type Sdk = [typeof import('@aws-sdk/client-s3'), typeof import('@aws-sdk/lib-storage')];
let sdk: Promise<Sdk> | undefined;

function loadSdk(): Promise<Sdk> {
  // The SDK prints a plain-text Node-version notice on stderr, which would break our JSON log lines.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Both are CommonJS: bundled, their exports may sit on `default`.
  const cjs = <T extends object>(m: T): T => ('default' in m && m.default ? (m.default as T) : m);
  sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(
    ([s3, storage]) => [cjs(s3), cjs(storage)] as Sdk,
  );
  return sdk;
}

/**
 * A bucket client for one storage provider's configuration (path-style on custom endpoints), its
 * requests held to `limits`; `onSend` hears of each request that can change something.
 */
export async function openBucket(
  config: S3Credentials,
  limits: StorageLimits,
  onSend?: OnStorageSend,
): Promise<Bucket> {
  const [s3, storage] = await loadSdk();
  const client = new s3.S3Client({
    requestHandler: boundedHandler(limits, onSend),
    region: config.region || 'us-east-1',
    ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}),
    credentials: { accessKeyId: config.accessKey, secretAccessKey: config.secretAccessKey },
    // Default checksums corrupt streamed multipart bodies on S3-compatible servers (seen on s3rver).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const Bucket = config.bucket;
  const info = (key: string, size: unknown, modified: unknown, etag: unknown): ObjectInfo => ({
    key,
    size: Number(size ?? 0),
    lastModified: modified instanceof Date ? modified.toISOString() : null,
    etag: typeof etag === 'string' ? etag : null,
  });
  return {
    name: Bucket,
    async list(Prefix, MaxKeys, Marker, abortSignal) {
      // ListObjects v1 with a marker: V2 continuation tokens fail against s3rver on Node 20.
      const res = await client.send(new s3.ListObjectsCommand({ Bucket, Prefix, MaxKeys, Marker }), {
        abortSignal,
      });
      const contents = res.Contents ?? [];
      const objects: ObjectInfo[] = [];
      for (const o of contents.slice(0, MaxKeys))
        objects.push(info(o.Key ?? '', o.Size, o.LastModified, o.ETag));
      const last = objects.at(-1)?.key;
      // A peer that sent more than asked has more: the next page starts after the last one kept.
      const cut = contents.length > objects.length;
      return { objects, next: cut ? last : res.IsTruncated ? (res.NextMarker ?? last) : undefined };
    },
    async head(Key, abortSignal) {
      try {
        const res = await client.send(new s3.HeadObjectCommand({ Bucket, Key }), { abortSignal });
        return info(Key, res.ContentLength, res.LastModified, res.ETag);
      } catch (error) {
        if (isRecord(error) && isRecord(error.$metadata) && error.$metadata.httpStatusCode === 404) {
          return undefined;
        }
        throw error;
      }
    },
    async get(Key, read) {
      const options: BoundedOptions = {
        maxBodyBytes: read.size,
        download: read.download === true,
        ...(read.signal ? { abortSignal: read.signal } : {}),
      };
      const res = await client.send(new s3.GetObjectCommand({ Bucket, Key }), options);
      // Node's handler (s3-handler.ts) answers with a stream; anything else is no body to read.
      if (!(res.Body instanceof Readable)) throw new StorageRefusal('the answer to a read had no body.');
      return res.Body;
    },
    async put(Key, Body, size, options) {
      const abortController = new AbortController();
      const abort = () => abortController.abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      try {
        const upload = new storage.Upload({
          client,
          params: { Bucket, Key, Body, ContentLength: size },
          partSize: PART_SIZE,
          queueSize: QUEUE_SIZE,
          leavePartsOnError: false,
          abortController,
        });
        if (options.onBytes) upload.on('httpUploadProgress', (p) => options.onBytes?.(p.loaded ?? 0));
        await upload.done();
      } finally {
        options.signal?.removeEventListener('abort', abort);
      }
    },
    async delete(keys, abortSignal) {
      for (let i = 0; i < keys.length; i += 1000) {
        const Objects = keys.slice(i, i + 1000).map((Key) => ({ Key }));
        const res = await client.send(
          new s3.DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }),
          { abortSignal },
        );
        const failed = res.Errors?.[0];
        if (failed) throw new Error(`S3 refused to delete ${failed.Key}: ${failed.Code} ${failed.Message}`);
      }
    },
    close: () => client.destroy(),
  };
}
