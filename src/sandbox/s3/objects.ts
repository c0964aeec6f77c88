import { createHash, randomBytes } from 'node:crypto';
import { S3Error } from './errors.js';

/** One stored object: its bytes and what HEAD and GET report about them. */
export interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

interface Upload {
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly metadata: Record<string, string>;
  readonly parts: Map<number, { body: Buffer; etag: string }>;
}

/** S3's own limits that matter here. */
export const MAX_KEY_BYTES = 1024;
const MAX_PARTS = 10_000;
const MAX_UPLOADS = 1000;

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest();

/**
 * The emulator's buckets in memory, within a byte budget: every stored object and every uploaded
 * part counts against `maxBytes`, and a write that would pass it is refused before it is kept.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private readonly uploads = new Map<string, Upload>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now (objects and pending parts). */
  get usedBytes(): number {
    return this.used;
  }

  /** Whether `bytes` more would still fit the budget. */
  fits(bytes: number): boolean {
    return this.used + bytes <= this.maxBytes;
  }

  createBucket(name: string): void {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  private bucket(name: string): Map<string, StoredObject> {
    const bucket = this.buckets.get(name);
    if (!bucket)
      throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', { bucket: name });
    return bucket;
  }

  private reserve(bytes: number): void {
    if (!this.fits(bytes)) {
      throw new S3Error(
        400,
        'EntityTooLarge',
        `The sandbox's storage holds at most ${this.maxBytes} bytes in memory, and ${this.used} are in use.`,
      );
    }
    this.used += bytes;
  }

  get(bucket: string, key: string): StoredObject {
    const found = this.bucket(bucket).get(key);
    if (!found) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { key });
    return found;
  }

  put(
    bucket: string,
    key: string,
    body: Buffer,
    contentType: string,
    metadata: Record<string, string>,
    modified = new Date(),
  ): string {
    return this.store(bucket, key, body, `"${md5(body).toString('hex')}"`, contentType, metadata, modified);
  }

  private store(
    bucket: string,
    key: string,
    body: Buffer,
    etag: string,
    contentType: string,
    metadata: Record<string, string>,
    modified = new Date(),
  ): string {
    const objects = this.bucket(bucket);
    const previous = objects.get(key)?.body.length ?? 0;
    this.reserve(Math.max(0, body.length - previous));
    if (body.length < previous) this.used -= previous - body.length;
    objects.set(key, { body, etag, lastModified: modified, contentType, metadata });
    return etag;
  }

  /** Deletes `key` if present (S3 answers the same either way). */
  delete(bucket: string, key: string): void {
    const objects = this.bucket(bucket);
    const found = objects.get(key);
    if (!found) return;
    objects.delete(key);
    this.used -= found.body.length;
  }

  /** Keys of `bucket` in S3's order (UTF-8 binary), with their objects. */
  sorted(bucket: string): [string, StoredObject][] {
    return [...this.bucket(bucket)].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  startUpload(bucket: string, key: string, contentType: string, metadata: Record<string, string>): string {
    this.bucket(bucket);
    if (this.uploads.size >= MAX_UPLOADS) {
      throw new S3Error(503, 'SlowDown', `At most ${MAX_UPLOADS} multipart uploads may be in progress.`);
    }
    const id = randomBytes(16).toString('base64url');
    this.uploads.set(id, { bucket, key, contentType, metadata, parts: new Map() });
    return id;
  }

  private upload(bucket: string, key: string, id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload || upload.bucket !== bucket || upload.key !== key) {
      throw new S3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
    }
    return upload;
  }

  putPart(bucket: string, key: string, id: string, partNumber: number, body: Buffer): string {
    const upload = this.upload(bucket, key, id);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      throw new S3Error(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}.`);
    }
    const previous = upload.parts.get(partNumber)?.body.length ?? 0;
    this.reserve(Math.max(0, body.length - previous));
    if (body.length < previous) this.used -= previous - body.length;
    const etag = `"${md5(body).toString('hex')}"`;
    upload.parts.set(partNumber, { body, etag });
    return etag;
  }

  /** Joins the named parts, in order, into the object; parts not named are dropped. */
  completeUpload(
    bucket: string,
    key: string,
    id: string,
    named: { partNumber: number; etag: string }[],
  ): string {
    const upload = this.upload(bucket, key, id);
    if (named.length === 0) {
      throw new S3Error(400, 'MalformedXML', 'The XML you provided did not name any part.');
    }
    const bodies: Buffer[] = [];
    const digests: Buffer[] = [];
    let last = 0;
    for (const { partNumber, etag } of named) {
      if (partNumber <= last) {
        throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
      }
      last = partNumber;
      const part = upload.parts.get(partNumber);
      if (!part || part.etag.replaceAll('"', '') !== etag.replaceAll('"', '')) {
        throw new S3Error(400, 'InvalidPart', `Part ${partNumber} was not uploaded, or its ETag differs.`);
      }
      bodies.push(part.body);
      digests.push(Buffer.from(part.etag.replaceAll('"', ''), 'hex'));
    }
    const pending = [...upload.parts.values()].reduce((sum, p) => sum + p.body.length, 0);
    this.uploads.delete(id);
    this.used -= pending;
    const etag = `"${md5(Buffer.concat(digests)).toString('hex')}-${named.length}"`;
    return this.store(bucket, key, Buffer.concat(bodies), etag, upload.contentType, upload.metadata);
  }

  abortUpload(bucket: string, key: string, id: string): void {
    const upload = this.upload(bucket, key, id);
    this.uploads.delete(id);
    for (const part of upload.parts.values()) this.used -= part.body.length;
  }
}
