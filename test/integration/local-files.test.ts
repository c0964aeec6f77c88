import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBucket } from '../../src/files/s3.js';
import { bytesOf, removeDir, SANDBOX_S3_KEYS, sandboxProviderId, tempDir } from '../helpers/files.js';
import { confirmTokenIn, type Harness, startHarness, TEST_KEY, textOf } from '../helpers/harness.js';

/**
 * A local path is someone's file: the dataset file tools touch one only inside --files-root (over
 * stdio too), a download that replaces a local file asks, an upload into a public dataset asks
 * and names each local file, and a file holding a secret this server knows never leaves.
 */
const SIGNING_SECRET = 'signing-secret-canary-7f3a9c2e51';
const REDIS_PASSWORD = 'redis-pass-canary-4b8d1e6f';
const CAP = 1_000_000;

describe('local files inside --files-root (in-process, as over stdio)', () => {
  let h: Harness;
  let work: string;
  let root: string;
  let priv: { datasetId: string; version: string };
  let pub: { datasetId: string; version: string };

  const bucket = () =>
    openBucket({ ...SANDBOX_S3_KEYS, endpoint: h.sandbox.s3?.endpoint ?? null, region: null });
  const keyOf = (v: { datasetId: string; version: string }, path: string) =>
    `${h.sandbox.store.team.id}/${v.datasetId}/${v.version}/${path}`;
  const putObject = async (v: { datasetId: string; version: string }, path: string, data: Buffer) => {
    const b = await bucket();
    await b.put(keyOf(v, path), Readable.from([data]), data.length, {});
    b.close();
  };
  const headObject = async (v: { datasetId: string; version: string }, path: string) => {
    const b = await bucket();
    const head = await b.head(keyOf(v, path));
    b.close();
    return head;
  };
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    work = await tempDir('local-files');
    root = join(work, 'root');
    await mkdir(join(root, 'data'), { recursive: true });
    h = await startHarness({
      args: ['--toolsets', 'all', '--files-root', root, '--max-upload-bytes', String(CAP)],
      sandbox: { seed: true, s3: true },
      env: {
        PAPERSPACE_MCP_SECRET: SIGNING_SECRET,
        PAPERSPACE_MCP_REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:1`,
      },
    });
    const storageProviderId = await sandboxProviderId(h);
    const make = async (name: string, isPublic: boolean) => {
      const ds = await h.call('datasets_create', { name, isPublic, storageProviderId });
      const datasetId = String(ds.structuredContent?.id);
      const v = await h.call('datasets_versions_create', { datasetId });
      return { datasetId, version: String(v.structuredContent?.version) };
    };
    priv = await make('private-files', false);
    pub = await make('public-files', true);
    await writeFile(join(work, 'outside.txt'), 'outside the root');
    await writeFile(join(root, 'data', 'a.txt'), 'inside');
    await symlink(join(work, 'outside.txt'), join(root, 'link-out.txt'));
    await symlink(work, join(root, 'dir-link'));
  });
  afterAll(async () => {
    await h.close();
    await removeDir(work);
  });

  describe('every way out of the root is refused before anything is read, written or sent', () => {
    const attacks = () => [
      '../outside.txt',
      'data/../../outside.txt',
      join(work, 'outside.txt'),
      '~/.ssh/id_ed25519',
      join(homedir(), '.aws', 'credentials'),
      'link-out.txt',
      'dir-link/outside.txt',
      'data/a\0.txt',
      'data/line\nbreak.txt',
      `data/${'x'.repeat(300)}.txt`,
      'a/'.repeat(600),
    ];

    it('uploads (fromPath, sourcePath)', async () => {
      for (const fromPath of attacks()) {
        h.clearLog();
        const put = await h.call('datasets_versions_files_put', { ...priv, fromPath });
        expect(put.isError, fromPath).toBe(true);
        expect(textOf(put), fromPath).toMatch(/outside the files root|a local path must be/);
        const create = await h.call('datasets_versions_create', {
          datasetId: priv.datasetId,
          sourcePath: fromPath,
        });
        expect(textOf(create), fromPath).toMatch(/outside the files root|a local path must be/);
        expect(h.requests(), fromPath).toEqual([]);
      }
    });

    it('downloads (toPath): nothing is created outside', async () => {
      await putObject(priv, 'notes.txt', Buffer.from('remote notes'));
      for (const toPath of attacks()) {
        const got = await h.call('datasets_versions_files_get', { ...priv, path: 'notes.txt', toPath });
        expect(got.isError, toPath).toBe(true);
        expect(textOf(got), toPath).toMatch(/outside the files root|a local path must be/);
      }
      expect(await readFile(join(work, 'outside.txt'), 'utf8')).toBe('outside the root');
      expect(await exists(join(work, 'notes.txt'))).toBe(false);
    });

    it('a file named like a flag is just a file inside the root', async () => {
      await writeFile(join(root, '--help'), 'flag-like');
      const put = await h.call('datasets_versions_files_put', {
        ...priv,
        fromPath: '--help',
        toPrefix: 'flags',
      });
      expect(put.structuredContent, textOf(put)).toMatchObject({
        uploaded: [{ path: 'flags/--help', size: 9 }],
      });
      const got = await h.call('datasets_versions_files_get', {
        ...priv,
        path: 'flags/--help',
        toPath: '--version',
      });
      expect(got.structuredContent, textOf(got)).toMatchObject({ savedTo: '--version' });
      expect(await readFile(join(root, '--version'), 'utf8')).toBe('flag-like');
    });

    it('a file system failure names the local path relative to the root, never the server path', async () => {
      await putObject(priv, 'long.txt', Buffer.from('long'));
      // A name the path rules allow (250 bytes) whose temporary file the file system cannot name.
      const got = await h.call('datasets_versions_files_get', {
        ...priv,
        path: 'long.txt',
        toPath: 'n'.repeat(250),
      });
      expect(got.isError).toBe(true);
      expect(textOf(got)).toMatch(
        /^Download stopped: n+: the local file system refused open \(ENAMETOOLONG\)\. 0 of 1 file\(s\) were written\.$/,
      );
      expect(JSON.stringify(got)).not.toContain(work);
    });

    it('results name local paths relative to the root, never the absolute server path', async () => {
      const got = await h.call('datasets_versions_files_get', {
        ...priv,
        path: 'notes.txt',
        toPath: join(root, 'copies', 'n.txt'),
      });
      expect(got.structuredContent, textOf(got)).toMatchObject({ savedTo: 'copies/n.txt' });
      const again = await h.call('datasets_versions_files_get', {
        ...priv,
        path: 'notes.txt',
        toPath: 'copies/n.txt',
      });
      expect(textOf(again)).toMatch(/already exist \("copies\/n.txt"\)/);
      for (const r of [got, again]) expect(JSON.stringify(r)).not.toContain(root);
    });
  });

  describe('a local write is a write', () => {
    it('a new local file is written directly; replacing one asks, names it and its size, and is bound to it', async () => {
      await putObject(priv, 'model.bin', bytesOf(300, 7));
      const args = { ...priv, path: 'model.bin', toPath: join(root, 'out', 'model.bin') };
      const first = await h.call('datasets_versions_files_get', args);
      expect(first.isError, textOf(first)).toBeFalsy();
      expect(confirmTokenIn(first)).toBeUndefined();

      await writeFile(join(root, 'out', 'model.bin'), 'my own weights');
      const asked = await h.call('datasets_versions_files_get', { ...args, overwrite: true });
      expect(textOf(asked)).toMatch(
        /Replaces 1 local file\(s\) \(relative to the files root\):\n- "out\/model.bin" \(14 bytes now\)/,
      );
      expect(await readFile(join(root, 'out', 'model.bin'), 'utf8')).toBe('my own weights');

      // The file changes after the preview: the confirmation no longer applies.
      await writeFile(join(root, 'out', 'model.bin'), 'my newer weights');
      const stale = await h.call('datasets_versions_files_get', {
        ...args,
        overwrite: true,
        confirm: confirmTokenIn(asked),
      });
      expect(stale.isError).toBe(true);
      expect(await readFile(join(root, 'out', 'model.bin'), 'utf8')).toBe('my newer weights');

      const fresh = await h.call('datasets_versions_files_get', { ...args, overwrite: true });
      const done = await h.call('datasets_versions_files_get', {
        ...args,
        overwrite: true,
        confirm: confirmTokenIn(fresh),
      });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(await readFile(join(root, 'out', 'model.bin'))).toEqual(bytesOf(300, 7));
    });
  });

  describe('an upload says where data goes', () => {
    it('into a public dataset it asks, listing each local file relative to the root, the bytes and the visibility', async () => {
      const dir = join(root, 'release');
      await mkdir(dir, { recursive: true });
      for (let i = 0; i < 23; i++) await writeFile(join(dir, `f${String(i).padStart(2, '0')}.txt`), 'file\n');
      h.clearLog();
      const args = { ...pub, fromPath: dir };
      const asked = await h.call('datasets_versions_files_put', args);
      const text = textOf(asked);
      expect(text).toMatch(
        /Uploads 23 local file\(s\), 115 bytes in all, into a PUBLIC dataset: anyone can read/,
      );
      expect(text).toMatch(/- "release\/f00.txt" \(5 bytes\)\n- "release\/f01.txt" \(5 bytes\)/);
      expect(text).toMatch(/- "release\/f19.txt" \(5 bytes\)\n- … and 3 more/);
      expect(text).not.toContain('f20.txt');
      expect(text).not.toContain(root);
      expect(await headObject(pub, 'f00.txt')).toBeUndefined();
      const done = await h.call('datasets_versions_files_put', { ...args, confirm: confirmTokenIn(asked) });
      expect(done.structuredContent, textOf(done)).toMatchObject({ files: 23, bytes: 115 });
    });

    it('create with sourcePath into a public dataset asks too, without commit; into a private one it does not', async () => {
      const asked = await h.call('datasets_versions_create', {
        datasetId: pub.datasetId,
        sourcePath: join(root, 'data'),
      });
      expect(textOf(asked)).toMatch(/into a PUBLIC dataset[\s\S]*- "data\/a.txt" \(6 bytes\)/);
      expect(confirmTokenIn(asked)).toBeDefined();
      const direct = await h.call('datasets_versions_create', {
        datasetId: priv.datasetId,
        sourcePath: join(root, 'data'),
      });
      expect(direct.structuredContent, textOf(direct)).toMatchObject({ upload: { files: 1, bytes: 6 } });
    });

    it('--max-upload-bytes bounds a batch_run as one call', async () => {
      const big = join(root, 'big');
      await mkdir(big, { recursive: true });
      for (const name of ['a', 'b', 'c']) await writeFile(join(big, `${name}.bin`), bytesOf(400_000, 3));
      const items = ['a', 'b', 'c'].map((n) => ({
        ...priv,
        fromPath: join(big, `${n}.bin`),
        toPrefix: 'batched',
      }));
      h.clearLog();
      const batch = await h.call('batch_run', { tool: 'datasets_versions_files_put', items });
      expect(batch.isError).toBe(true);
      expect(textOf(batch)).toMatch(
        /3 upload\(s\) together send 3 file\(s\) of 1200000 bytes, over this server's upload cap of 1000000 bytes per call/,
      );
      expect(await headObject(priv, 'batched/a.bin')).toBeUndefined();
      const one = await h.call('batch_run', {
        tool: 'datasets_versions_files_put',
        items: items.slice(0, 2),
      });
      expect(one.structuredContent, textOf(one)).toMatchObject({ ok: 2 });
    });
  });

  describe('known secrets never leave; user content is never altered', () => {
    it('a text file is returned byte for byte, as a tool result and as a resource', async () => {
      const content =
        'password=hunter22\ntoken: "abc def"\nNote: password=hunter22\naws_secret_access_key = wJalrXUtnFEMI\n';
      await putObject(priv, 'config.txt', Buffer.from(content));
      const got = await h.call('datasets_versions_files_get', { ...priv, path: 'config.txt' });
      expect(got.structuredContent?.text, textOf(got)).toBe(content);
      expect(JSON.parse(textOf(got)).text).toBe(content);
      const res = await h.client.readResource({
        uri: `paperspace://datasets/${priv.datasetId}/versions/${priv.version}/files/config.txt`,
      });
      expect((res.contents[0] as { text: string }).text).toBe(content);
    });

    it.each([
      ['the API key', TEST_KEY],
      ['the token-signing secret', SIGNING_SECRET],
      ['the Redis password', REDIS_PASSWORD],
    ])('a file holding %s is refused, as text and as blob, tool and resource', async (kind, secret) => {
      const name = kind.replace(/\W+/g, '-');
      await putObject(priv, `${name}.txt`, Buffer.from(`export KEY=${secret}\n`));
      await putObject(
        priv,
        `${name}.bin`,
        Buffer.concat([bytesOf(100, 1), Buffer.from(secret), Buffer.from([0])]),
      );
      const got = await h.call('datasets_versions_files_get', { ...priv, path: `${name}.txt` });
      expect(got.isError).toBe(true);
      expect(textOf(got)).toMatch(new RegExp(`holds a known secret \\(${kind}\\), so it is not returned`));
      for (const file of [`${name}.txt`, `${name}.bin`]) {
        const uri = `paperspace://datasets/${priv.datasetId}/versions/${priv.version}/files/${file}`;
        const read = await h.client.readResource({ uri }).catch((error: Error) => error);
        expect(read).toBeInstanceOf(Error);
        expect(String((read as Error).message)).toMatch(new RegExp(`holds a known secret \\(${kind}\\)`));
      }
      expect(JSON.stringify(got)).not.toContain(secret);
    });

    it('an upload holding a known secret, split across chunk boundaries, is refused and nothing of it is stored', async () => {
      const size = 300_000;
      const data = bytesOf(size, 9);
      // 65,536 is the read stream's chunk size: the secret straddles the first boundary.
      Buffer.from(SIGNING_SECRET).copy(data, 65_536 - 10);
      await writeFile(join(root, 'data', 'weights.bin'), data);
      const put = await h.call('datasets_versions_files_put', {
        ...priv,
        fromPath: join(root, 'data', 'weights.bin'),
        toPrefix: 's',
      });
      expect(put.isError).toBe(true);
      expect(textOf(put)).toMatch(
        /data\/weights.bin holds a known secret \(the token-signing secret\), so it is not uploaded/,
      );
      expect(JSON.stringify(put)).not.toContain(SIGNING_SECRET);
      expect(await headObject(priv, 's/weights.bin')).toBeUndefined();

      // The same file without the secret goes through whole.
      await writeFile(join(root, 'data', 'weights.bin'), bytesOf(size, 9));
      const clean = await h.call('datasets_versions_files_put', {
        ...priv,
        fromPath: join(root, 'data', 'weights.bin'),
        toPrefix: 's',
      });
      expect(clean.structuredContent, textOf(clean)).toMatchObject({ files: 1, bytes: size });
    });
  });
});

describe('without --files-root no local path is used, over stdio too', () => {
  let h: Harness;
  let work: string;
  beforeAll(async () => {
    work = await tempDir('no-root');
    await writeFile(join(work, 'id_ed25519'), 'PRIVATE KEY');
    h = await startHarness({ args: ['--toolsets', 'all', '--confirm', 'off'], sandbox: { seed: true } });
  });
  afterAll(async () => {
    await h.close();
    await removeDir(work);
  });

  it('fromPath, sourcePath and toPath are refused in one line naming the flag; nothing is sent', async () => {
    const datasets = await h.call('datasets_list', {});
    const items = (datasets.structuredContent?.items ?? []) as Array<{ id: string }>;
    const datasetId = String(items[0]?.id);
    h.clearLog();
    const calls = [
      h.call('datasets_versions_files_put', { datasetId, version: 'v1', fromPath: join(work, 'id_ed25519') }),
      h.call('datasets_versions_create', { datasetId, sourcePath: work }),
      h.call('datasets_versions_files_get', {
        datasetId,
        version: 'v1',
        path: 'x',
        toPath: join(work, 'dl'),
      }),
    ];
    for (const result of await Promise.all(calls)) {
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        /^\w+: local files are off on this server: start it with --files-root DIR/,
      );
      expect(textOf(result).split('\n')).toHaveLength(1);
    }
    expect(h.requests()).toEqual([]);
    expect(await stat(join(work, 'dl')).catch(() => undefined)).toBeUndefined();
  });
});

describe('--read-only: datasets_versions_files_get stays a read, and writes nothing local', () => {
  let h: Harness;
  let work: string;
  beforeAll(async () => {
    work = await tempDir('read-only');
    h = await startHarness({
      args: ['--toolsets', 'all', '--read-only', '--files-root', work],
      sandbox: { seed: true, s3: true },
    });
  });
  afterAll(async () => {
    await h.close();
    await removeDir(work);
  });

  it('is listed read-only, reads inline, and refuses toPath and overwrite naming read-only mode', async () => {
    const tools = await h.client.listTools();
    const get = tools.tools.find((t) => t.name === 'datasets_versions_files_get');
    expect(get?.annotations?.readOnlyHint).toBe(true);
    const dataset = (await h.api.request({
      method: 'POST',
      path: '/datasets',
      body: { name: 'ro', isPublic: false, storageProviderId: await providerId(h) },
    })) as { id: string };
    const version = (await h.api.request({
      method: 'POST',
      path: `/datasets/${dataset.id}/versions`,
      body: {},
    })) as { version: string };
    const b = await openBucket({
      ...SANDBOX_S3_KEYS,
      endpoint: h.sandbox.s3?.endpoint ?? null,
      region: null,
    });
    await b.put(
      `${h.sandbox.store.team.id}/${dataset.id}/${version.version}/r.txt`,
      Readable.from([Buffer.from('ro')]),
      2,
      {},
    );
    b.close();
    const args = { datasetId: dataset.id, version: version.version, path: 'r.txt' };
    const inline = await h.call('datasets_versions_files_get', args);
    expect(inline.structuredContent, textOf(inline)).toMatchObject({ text: 'ro' });
    const toPath = join(work, 'r.txt');
    for (const extra of [{ toPath }, { overwrite: true }, { toPath, overwrite: true }]) {
      const refused = await h.call('datasets_versions_files_get', { ...args, ...extra });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(
        /^toPath\/overwrite: this server runs in read-only mode \(--read-only\)/,
      );
    }
    expect(await stat(join(work, 'r.txt')).catch(() => undefined)).toBeUndefined();
  });
});

async function providerId(h: Harness): Promise<string> {
  const page = (await h.api.request({ method: 'GET', path: '/storage-providers' })) as {
    items: Array<{ id: string; name: string }>;
  };
  return String(page.items.find((p) => p.name === 'aws-datasets')?.id);
}
