import { S3Error } from './errors.js';
import type { ObjectStore } from './objects.js';
import { document } from './xml.js';

/**
 * ListObjects (v1: `marker`) and ListObjectsV2 (`list-type=2`: `continuation-token`,
 * `start-after`), with `prefix`, `delimiter`, `max-keys` (at most 1000, as S3) and
 * `encoding-type=url`, as S3 answers them.
 */
export function listObjects(store: ObjectStore, bucket: string, query: URLSearchParams): string {
  const v2 = query.get('list-type') === '2';
  if (query.has('list-type') && !v2) throw new S3Error(400, 'InvalidArgument', 'Invalid list-type.');
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const urlEncoded = query.get('encoding-type') === 'url';
  if (query.has('encoding-type') && !urlEncoded) {
    throw new S3Error(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request');
  }
  const maxText = query.get('max-keys');
  const maxKeys = maxText === null ? 1000 : Number(maxText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
  }
  const token = query.get('continuation-token');
  const after = v2
    ? token !== null
      ? tokenKey(token)
      : (query.get('start-after') ?? '')
    : (query.get('marker') ?? '');

  const contents: { key: string; size: number; etag: string; modified: Date }[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = '';
  for (const [key, object] of store.sorted(bucket)) {
    if (!key.startsWith(prefix) || Buffer.compare(Buffer.from(key), Buffer.from(after)) <= 0) continue;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const common = cut < 0 ? undefined : key.slice(0, cut + delimiter.length);
    if (common !== undefined && (prefixes.at(-1) === common || common <= after)) continue;
    if (contents.length + prefixes.length >= Math.min(maxKeys, 1000)) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      last = common;
    } else {
      contents.push({ key, size: object.body.length, etag: object.etag, modified: object.lastModified });
      last = key;
    }
  }

  const shown = (text: string) => (urlEncoded ? encodeURIComponent(text).replaceAll('%2F', '/') : text);
  const listed = {
    Contents: contents.map((c) => ({
      Key: shown(c.key),
      LastModified: c.modified.toISOString(),
      ETag: c.etag,
      Size: c.size,
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: prefixes.map((p) => ({ Prefix: shown(p) })),
  };
  const common = {
    Name: bucket,
    Prefix: shown(prefix),
    Delimiter: delimiter === '' ? undefined : shown(delimiter),
    MaxKeys: maxKeys,
    EncodingType: urlEncoded ? 'url' : undefined,
    IsTruncated: truncated,
  };
  const startAfter = query.get('start-after');
  if (v2) {
    return document('ListBucketResult', {
      ...common,
      ContinuationToken: token ?? undefined,
      StartAfter: startAfter === null ? undefined : shown(startAfter),
      KeyCount: contents.length + prefixes.length,
      NextContinuationToken: truncated ? Buffer.from(last).toString('base64url') : undefined,
      ...listed,
    });
  }
  return document('ListBucketResult', {
    ...common,
    Marker: shown(after),
    // S3 names the next marker only when a delimiter is given; without one it is the last key.
    NextMarker: truncated && delimiter !== '' ? shown(last) : undefined,
    ...listed,
  });
}

function tokenKey(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (key === '' || Buffer.from(key).toString('base64url') !== token) {
    throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
  }
  return key;
}
