import { access, mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../src/files/operations.js';
import { openBucket } from '../../src/files/s3.js';
import {
  bytesOf,
  digests,
  makeTree,
  readTree,
  removeDir,
  SANDBOX_S3_KEYS,
  sandboxProviderId,
  tempDir,
} from '../helpers/files.js';
import { type CallResult, type Harness, startHarness, textOf } from '../helpers/harness.js';

const tokenOf = (result: CallResult) => /"confirm": "([^"]+)"/.exec(textOf(result))?.[1];

describe('dataset version files against s3rver', () => {
  let h: Harness;
  let work: string;
  let providerId: string;
  let datasetId: string;
  let version: string;
  let local: Record<string, Buffer>;

  const bucket = () =>
    openBucket({
      ...SANDBOX_S3_KEYS,
      endpoint: h.sandbox.s3?.endpoint ?? null,
      region: null,
    });

  beforeAll(async () => {
    work = await tempDir('files');
    h = await startHarness({
      args: ['--toolsets', 'all', '--files-root', work],
      sandbox: { seed: true, s3: true },
    });
    providerId = await sandboxProviderId(h);
    const ds = await h.call('datasets_create', {
      name: 'digits',
      isPublic: false,
      storageProviderId: providerId,
    });
    datasetId = String(ds.structuredContent?.id);
    const v = await h.call('datasets_versions_create', { datasetId, message: 'first' });
    version = String(v.structuredContent?.version);
    local = await makeTree(join(work, 'src'));
  });
  afterAll(async () => {
    await h.close();
    await removeDir(work);
  });

  it('uploads a tree (nested, unicode, empty, multipart) and lists it in pages', async () => {
    const put = await h.call('datasets_versions_files_put', {
      datasetId,
      version,
      fromPath: join(work, 'src'),
    });
    expect(put.isError, textOf(put)).toBeFalsy();
    const total = Object.values(local).reduce((a, b) => a + b.length, 0);
    expect(put.structuredContent).toMatchObject({ files: 6, bytes: total });

    const seen: Array<{ path: string; size: number }> = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await h.call('datasets_versions_files_list', {
        datasetId,
        version,
        limit: 4,
        ...(after ? { after } : {}),
      });
      expect(res.isError, textOf(res)).toBeFalsy();
      const body = res.structuredContent as {
        items: Array<{ path: string; size: number }>;
        hasMore: boolean;
        nextPage: string | null;
      };
      seen.push(...body.items);
      if (!body.hasMore) break;
      after = String(body.nextPage);
    }
    expect(Object.fromEntries(seen.map((f) => [f.path, f.size]))).toEqual(
      Object.fromEntries(Object.entries(local).map(([k, v]) => [k, v.length])),
    );
    const train = await h.call('datasets_versions_files_list', {
      datasetId: `${datasetId}:${version}`,
      prefix: 'train/',
    });
    expect(train.structuredContent?.items as unknown[]).toHaveLength(2);
    expect(train.content.some((c) => c.type === 'resource_link')).toBe(true);
  });

  it('returns small text inline and asks for toPath for binary or directories', async () => {
    const text = await h.call('datasets_versions_files_get', {
      datasetId,
      version,
      path: 'train/b/ñandú 🐦.csv',
    });
    expect(text.structuredContent).toMatchObject({ text: 'id,name\n1,ñandú\n' });
    const binary = await h.call('datasets_versions_files_get', {
      datasetId,
      version,
      path: 'train/a/0001.bin',
    });
    expect(binary.isError).toBe(true);
    expect(textOf(binary)).toMatch(/binary: pass toPath/);
    const dir = await h.call('datasets_versions_files_get', { datasetId, version, path: 'train' });
    expect(textOf(dir)).toMatch(/directory of 2 file\(s\): pass toPath/);
  });

  it('downloads the version byte for byte, and never overwrites without overwrite true', async () => {
    const dest = join(work, 'download');
    const got = await h.call('datasets_versions_files_get', { datasetId, version, toPath: dest });
    expect(got.isError, textOf(got)).toBeFalsy();
    expect(digests(await readTree(dest))).toEqual(digests(local));
    // The whole version was downloaded: its link names the version, not an empty path.
    expect(got.content.filter((c) => c.type === 'resource_link')).toEqual([
      expect.objectContaining({ name: `${datasetId}:${version}` }),
    ]);

    await writeFile(join(dest, 'README.md'), 'local edit');
    const again = await h.call('datasets_versions_files_get', { datasetId, version, toPath: dest });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(
      /6 local file\(s\) already exist \("download\/README.md", .*, …\): nothing was downloaded.*overwrite: true/,
    );
    expect(await readFile(join(dest, 'README.md'), 'utf8')).toBe('local edit');

    // Replacing a local file asks first, naming it (relative to the files root) with its size now.
    const args = { datasetId, version, path: 'README.md', toPath: dest, overwrite: true };
    const asked = await h.call('datasets_versions_files_get', args);
    expect(textOf(asked)).toMatch(
      /Replaces 1 local file\(s\) \(relative to the files root\):\n- "download\/README.md" \(10 bytes now\)/,
    );
    expect(await readFile(join(dest, 'README.md'), 'utf8')).toBe('local edit');
    const forced = await h.call('datasets_versions_files_get', { ...args, confirm: tokenOf(asked) });
    expect(forced.structuredContent, textOf(forced)).toMatchObject({ savedTo: 'download/README.md' });
    expect(await readFile(join(dest, 'README.md'))).toEqual(local['README.md']);
  });

  it('object keys that could escape toPath are skipped, never written outside', async () => {
    const v = await h.call('datasets_versions_create', { datasetId });
    const hostile = String(v.structuredContent?.version);
    const b = await bucket();
    const prefix = `${h.sandbox.store.team.id}/${datasetId}/${hostile}/`;
    // Keys S3 stores as is but a file system would read as a path elsewhere ("..", "\\", "//").
    for (const key of ['back\\slash.txt', 'x/%2e%2e/y.txt', 'ok/fine.txt']) {
      await b.put(prefix + key, (await import('node:stream')).Readable.from([Buffer.from('x')]), 1, {});
    }
    b.close();
    const dest = join(work, 'hostile', 'inner');
    const got = await h.call('datasets_versions_files_get', { datasetId, version: hostile, toPath: dest });
    expect(got.isError, textOf(got)).toBeFalsy();
    expect(got.structuredContent).toMatchObject({ files: 2 });
    expect(got.structuredContent?.skipped).toEqual(['back\\slash.txt']);
    expect(Object.keys(await readTree(join(work, 'hostile'))).sort()).toEqual([
      'inner/ok/fine.txt',
      'inner/x/%2e%2e/y.txt',
    ]);
  });

  it('reads files as resources: text, blob, links from the version, completion on path', async () => {
    const uri = `paperspace://datasets/${datasetId}/versions/${version}/files/labels/classes.txt`;
    const text = await h.client.readResource({ uri });
    expect(text.contents[0]).toMatchObject({ uri, text: 'zero\none\ntwo\n', mimeType: 'text/plain' });
    const bin = await h.client.readResource({
      uri: `paperspace://datasets/${datasetId}/versions/${version}/files/train/a/0001.bin`,
    });
    expect(
      Buffer.from(String((bin.contents[0] as { blob: string }).blob), 'base64').equals(
        local['train/a/0001.bin'] as Buffer,
      ),
    ).toBe(true);
    await expect(
      h.client.readResource({
        uri: `paperspace://datasets/${datasetId}/versions/${version}/files/big/shard-00.bin`,
      }),
    ).rejects.toThrow(/resource cap: download it with datasets_versions_files_get/);

    const v = await h.client.readResource({ uri: `paperspace://datasets/${datasetId}/versions/${version}` });
    const body = JSON.parse(String((v.contents[0] as { text: string }).text));
    expect(body.files.items).toContainEqual({
      path: 'labels/classes.txt',
      size: 13,
      uri,
    });

    const done = await h.client.complete({
      ref: {
        type: 'ref/resource',
        uri: 'paperspace://datasets/{datasetId}/versions/{version}/files/{+path}',
      },
      argument: { name: 'path', value: 'train/' },
      context: { arguments: { datasetId, version } },
    });
    expect(done.completion.values.sort()).toEqual(['train/a/0001.bin', 'train/b/ñandú 🐦.csv']);
  });

  it('deletes files only after a confirmation that lists them with their sizes', async () => {
    const first = await h.call('datasets_versions_files_delete', {
      datasetId,
      version,
      paths: ['labels/classes.txt'],
    });
    expect(first.isError).toBe(true);
    expect(textOf(first)).toMatch(/Deletes 1 file\(s\):\n- "labels\/classes.txt" \(13 bytes\)/);
    const token = tokenOf(first);
    const b = await bucket();
    const key = `${h.sandbox.store.team.id}/${datasetId}/${version}/labels/classes.txt`;
    expect(await b.head(key)).toBeDefined();
    const second = await h.call('datasets_versions_files_delete', {
      datasetId,
      version,
      paths: ['labels/classes.txt'],
      confirm: token,
    });
    expect(second.isError, textOf(second)).toBeFalsy();
    expect(second.structuredContent).toMatchObject({ deleted: ['labels/classes.txt'] });
    // Single use, and bound to the paths it was issued for.
    const replay = await h.call('datasets_versions_files_delete', {
      datasetId,
      version,
      paths: ['labels/classes.txt'],
      confirm: token,
    });
    expect(textOf(replay)).toMatch(/token was refused: it has already been used/);
    const other = await h.call('datasets_versions_files_delete', {
      datasetId,
      version,
      paths: ['README.md'],
      confirm: token,
    });
    expect(textOf(other)).toMatch(/token was refused: it was issued for different arguments/);
    expect(await b.head(key)).toBeUndefined();
    b.close();
  });

  it('asks before an upload replaces files, names them, and holds the token to the local files', async () => {
    const b = await bucket();
    const key = `${h.sandbox.store.team.id}/${datasetId}/${version}/README.md`;
    const before = await readAll(b, key);
    const fresh = join(work, 'fresh');
    await mkdir(fresh, { recursive: true });
    await writeFile(join(fresh, 'README.md'), '# replaced\n');
    const args = { datasetId, version, fromPath: join(fresh, 'README.md') };
    const preview = await h.call('datasets_versions_files_put', args);
    expect(preview.isError).toBe(true);
    expect(textOf(preview)).toMatch(
      new RegExp(
        `Replaces 1 file\\(s\\) already in the version:\\n- "README.md" \\(${before.length} bytes now\\)`,
      ),
    );
    expect(await readAll(b, key)).toEqual(before);
    // A local change after the preview: the token no longer applies, nothing is uploaded.
    await utimes(join(fresh, 'README.md'), new Date(), new Date(Date.now() + 5_000));
    const stale = await h.call('datasets_versions_files_put', { ...args, confirm: tokenOf(preview) });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toMatch(/token was refused|changed/);
    expect(await readAll(b, key)).toEqual(before);
    const again = await h.call('datasets_versions_files_put', args);
    const done = await h.call('datasets_versions_files_put', { ...args, confirm: tokenOf(again) });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect((await readAll(b, key)).toString()).toBe('# replaced\n');
    // Into free paths it asks nothing.
    await mkdir(join(work, 'new'), { recursive: true });
    await writeFile(join(work, 'new', 'notes-new.txt'), 'new\n');
    const direct = await h.call('datasets_versions_files_put', {
      datasetId,
      version,
      fromPath: join(work, 'new', 'notes-new.txt'),
    });
    expect(direct.isError, textOf(direct)).toBeFalsy();
    expect(direct.structuredContent).toMatchObject({ files: 1 });
    b.close();
  });

  it('refuses every change to a committed version', async () => {
    const commit = await h.call('datasets_versions_update', { datasetId, version, isCommitted: true });
    const confirmed = await h.call('datasets_versions_update', {
      datasetId,
      version,
      isCommitted: true,
      confirm: tokenOf(commit),
    });
    expect(confirmed.structuredContent).toMatchObject({ isCommitted: true });
    const put = await h.call('datasets_versions_files_put', {
      datasetId,
      version,
      fromPath: join(work, 'src', 'README.md'),
    });
    expect(textOf(put)).toMatch(/is committed, so its files cannot change: nothing was uploaded/);
    const del = await h.call('datasets_versions_files_delete', { datasetId, version, paths: ['README.md'] });
    expect(textOf(del)).toMatch(/is committed, so its files cannot change: nothing was deleted/);
    expect(tokenOf(del)).toBeUndefined();
  });

  it('creates, uploads and commits in one call, confirmed against the digest of the local files', async () => {
    const src = join(work, 'src');
    const args = { datasetId, sourcePath: src, commit: true, message: 'from source' };
    const preview = await h.call('datasets_versions_create', args);
    expect(textOf(preview)).toMatch(/upload 6 file\(s\) from .* then commit it/);
    const before = (await h.call('datasets_versions_list', { datasetId })).structuredContent
      ?.items as unknown[];

    // A file changes after the preview: the token no longer applies.
    await utimes(join(src, 'README.md'), new Date(), new Date(Date.now() + 5000));
    const stale = await h.call('datasets_versions_create', { ...args, confirm: tokenOf(preview) });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toMatch(/refused|changed/);
    const after = (await h.call('datasets_versions_list', { datasetId })).structuredContent
      ?.items as unknown[];
    expect(after.length).toBe(before.length);

    const fresh = await h.call('datasets_versions_create', args);
    const done = await h.call('datasets_versions_create', { ...args, confirm: tokenOf(fresh) });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(done.structuredContent).toMatchObject({
      isCommitted: true,
      message: 'from source',
      upload: { files: 6 },
    });
    const listed = await h.call('datasets_versions_files_list', {
      datasetId,
      version: String(done.structuredContent?.version),
    });
    expect(listed.structuredContent?.items as unknown[]).toHaveLength(6);
  });

  it('batch_run of create-and-commit is bound to the local files too: a file changed since the preview is refused', async () => {
    const src = join(work, 'src');
    const items = [{ datasetId, sourcePath: src, commit: true, message: 'batched' }];
    const count = async () =>
      (
        (await h.call('datasets_versions_list', { datasetId })).structuredContent?.items as
          | unknown[]
          | undefined
      )?.length ?? 0;
    const preview = await h.call('batch_run', { tool: 'datasets_versions_create', items });
    expect(textOf(preview)).toMatch(/1\. "6 file\(s\) from /);
    const before = await count();

    await utimes(join(src, 'README.md'), new Date(), new Date(Date.now() + 10_000));
    const stale = await h.call('batch_run', {
      tool: 'datasets_versions_create',
      items,
      confirm: tokenOf(preview),
    });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toMatch(/refused \(args\)/);
    expect(await count()).toBe(before);

    const fresh = await h.call('batch_run', { tool: 'datasets_versions_create', items });
    const done = await h.call('batch_run', {
      tool: 'datasets_versions_create',
      items,
      confirm: tokenOf(fresh),
    });
    expect(done.structuredContent, textOf(done)).toMatchObject({ ok: 1 });
    expect(await count()).toBe(before + 1);
  });

  it('says clearly when the storage provider gives no usable credentials', async () => {
    const ds = await h.call('datasets_create', { name: 'managed-one', isPublic: false });
    const id = String(ds.structuredContent?.id);
    const v = await h.call('datasets_versions_create', { datasetId: id });
    const res = await h.call('datasets_versions_files_list', {
      datasetId: id,
      version: String(v.structuredContent?.version),
    });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(
      /Storage provider "Paperspace managed storage" \(\w+\) of dataset \w+ gives no usable S3 credentials \(it is managed by Paperspace\)/,
    );
  });

  it('rejects file paths that leave the version', async () => {
    for (const path of ['../other/x', 'a/../../b', 'a\\b']) {
      const res = await h.call('datasets_versions_files_get', { datasetId, version, path });
      expect(textOf(res)).toMatch(/Invalid file path/);
    }
  });

  it('never shows the provider secret', async () => {
    const res = await h.call('datasets_versions_files_list', { datasetId, version });
    expect(JSON.stringify(res)).not.toContain(SANDBOX_S3_KEYS.secretAccessKey);
    expect(bytesOf(4, 1)).toHaveLength(4);
    await expect(access(join(work, 'src'))).resolves.toBeUndefined();
  });
});
