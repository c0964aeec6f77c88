import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { externalTools, nodeRelease, PACKAGES } from '../../scripts/external-tools.mjs';
import { SEEDED_FILES } from '../../src/sandbox/seed/digits-sample.js';
import { httpClient } from '../helpers/http.js';
import { npm, type Packed, packAndInstall } from './packed.js';
import { sandboxSession } from './session.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  engines: { node: string };
};

/**
 * The install path that needs no registry release: the tarball a fresh clone packs, installed
 * globally into a temporary prefix, then the `paperspace-mcp` command it puts on the PATH.
 */
describe('the packed tarball, installed globally', () => {
  let packed: Packed;
  beforeAll(async () => {
    packed = await packAndInstall();
  }, 240_000);
  afterAll(() => rm(packed.dir, { recursive: true, force: true }));

  it('is built by npm pack itself (prepack): the bin, the module, their chunks and maps', () => {
    expect(packed.files).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/server.js', 'dist/lib.js', 'dist/server.js.map']),
    );
    expect(packed.files.some((f) => /^dist\/chunks\/.+\.js$/.test(f))).toBe(true);
    for (const file of packed.files.filter((f) => f.endsWith('.js') && f !== 'dist/index.js')) {
      expect(packed.files, file).toContain(`${file}.map`);
    }
  });

  it('holds every file the README links and --help names, and the changelog', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/\]\(((?!https?:|#)[^)#]+)/g)].map((m) => m[1] as string);
    const { stdout: help } = await run(packed.bin, ['--help']);
    const named = [...help.matchAll(/\bdocs\/[A-Z]+\.md\b/g)].map((m) => m[0]);
    expect(linked).toContain('docs/CONFIGURATION.md');
    expect(named).toContain('docs/CONFIGURATION.md');
    for (const file of [...linked, ...named, 'CHANGELOG.md', 'LICENSE'])
      expect(packed.files, file).toContain(file);
  });

  it('ships one THIRD_PARTY_NOTICES with each inlined package, its version and licence text', async () => {
    expect(packed.files.filter((f) => /THIRD_PARTY|NOTICE/i.test(f))).toEqual(['dist/THIRD_PARTY_NOTICES']);
    const notices = await readFile(join(packed.packageDir, 'dist', 'THIRD_PARTY_NOTICES'), 'utf8');
    for (const name of [
      '@modelcontextprotocol/server',
      'zod',
      'undici',
      '@aws-sdk/client-s3',
      '@redis/client',
    ]) {
      const { version, license } = JSON.parse(
        await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string; license: string };
      expect(notices, name).toContain(`  ${name}@${version} (${license})`);
      const section = notices
        .split(`\n${'-'.repeat(78)}\n`)
        .find((s) => s.startsWith(`${name}@${version}\n`));
      expect(section, name).toMatch(license === 'MIT' ? /Permission is hereby granted/ : /Apache License/);
    }
  });

  it('prints the package version', async () => {
    const { stdout } = await run(packed.bin, ['--version']);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it('serves the sandbox over stdio, dataset files included, with no package of the project around', async () => {
    const work = join(packed.dir, 'elsewhere');
    await mkdir(work, { recursive: true });
    const session = await sandboxSession(
      packed.bin,
      ['--sandbox', '--files-root', work],
      {},
      {
        cwd: work,
        download: work,
      },
    );
    expect(session.tools).toContain('machines_list');
    expect(session.machines).toMatchObject({ items: expect.arrayContaining([expect.anything()]) });
    expect(session.downloaded).toEqual(SEEDED_FILES);
  });

  it('imports as a module that starts nothing: no listener, no stdin read, and it exits on its own', async () => {
    const project = join(packed.dir, 'project');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'package.json'), '{"name":"embedder","private":true,"type":"module"}\n');
    await run(npm, ['install', '--offline', '--no-audit', '--no-fund', packed.tarball], { cwd: project });
    const script = [
      "import * as lib from 'paperspace-mcp';",
      "const config = lib.loadConfig(['--toolsets', 'all'], { PAPERSPACE_API_KEY: 'embedded-key-0123' });",
      'const server = lib.createServer(config)();',
      'const handles = process.getActiveResourcesInfo().filter((r) => /TCP|UDP|Server|Timeout|Immediate/.test(r));',
      'console.log(JSON.stringify({ exports: Object.keys(lib).sort(), server: typeof server.connect, handles,',
      '  stdin: process.stdin.listenerCount("data") + process.stdin.listenerCount("readable") }));',
    ].join('\n');
    await writeFile(join(project, 'embed.mjs'), script);
    // stdin stays open: a module that read it, or listened, would keep the process alive.
    const child = spawn(process.execPath, ['embed.mjs'], { cwd: project, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      exports: ['ConfigError', 'createServer', 'loadConfig'],
      server: 'function',
      handles: [],
      stdin: 0,
    });
  });

  it('maps a stack trace back to src/ with --enable-source-maps', async () => {
    const script = `import('${join(packed.packageDir, 'dist', 'lib.js')}').then((lib) => { try { lib.loadConfig(['--port', 'x'], {}); } catch (e) { console.log(e.stack); } });`;
    const { stdout } = await run(process.execPath, [
      '--enable-source-maps',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(stdout).toMatch(/Invalid --port/);
    expect(stdout).toMatch(/src\/config\/values\.ts:\d+/);
  });

  it('runs on the minimum Node.js that engines states, over stdio (dataset files included) and HTTP', async () => {
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(minimum).toBe('20.3.0');
    const node = (await nodeRelease(minimum)) as string;
    const entry = join(packed.packageDir, 'dist', 'index.js');
    const { stdout } = await run(node, ['-p', 'process.version']);
    expect(stdout.trim()).toBe(`v${minimum}`);
    const work = join(packed.dir, 'minimum');
    await mkdir(work, { recursive: true });
    const session = await sandboxSession(
      node,
      [entry, '--sandbox', '--files-root', work],
      {},
      { download: work },
    );
    expect(session.downloaded).toEqual(SEEDED_FILES);
    // And over Streamable HTTP, in both protocol eras.
    const server = spawn(node, [entry, '--sandbox', '--http', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let log = '';
        server.stderr.on('data', (chunk: Buffer) => {
          log += chunk.toString();
          const found = /"url":"([^"]+)"/.exec(log);
          if (found) resolve(found[1] as string);
        });
        server.on('exit', (code) => reject(new Error(`exited ${code}: ${log}`)));
      });
      for (const era of ['legacy', 'modern'] as const) {
        const client = await httpClient(url, { era });
        try {
          const result = await client.callTool({ name: 'machines_list', arguments: {} });
          expect(result.isError ?? false, era).toBe(false);
        } finally {
          await client.close();
        }
      }
    } finally {
      server.kill('SIGTERM');
    }
  }, 240_000);

  it("confirms a gated call across two Inspector processes, as the README's quick start does; a third is refused", async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const line = readme
      .split('\n')
      .find((l) => l.includes('--sandbox-state') && l.includes('--tool-arg confirm='));
    const [, inspector, tool, id] =
      /-p (@modelcontextprotocol\/inspector@[\d.]+) .* --tool-name (\w+) --tool-arg id=(\w+)/.exec(
        line ?? '',
      ) ?? [];
    // The README's Inspector is the one the interop suite and conformance run.
    expect(PACKAGES).toContain(inspector);
    const tools = (await externalTools()) as { node: string; inspector: string };
    const state = join(packed.dir, 'inspector-state.json');
    const inspect = async (...extra: string[]) => {
      const args = [tools.inspector, '--cli', packed.bin, '--sandbox', '--sandbox-state', state];
      const call = [
        '--method',
        'tools/call',
        '--tool-name',
        tool as string,
        '--tool-arg',
        `id=${id}`,
        ...extra,
      ];
      const out = await run(tools.node, [...args, ...call]).catch((e: { stdout: string }) => e);
      return JSON.parse(out.stdout) as {
        isError?: boolean;
        content: { text: string }[];
        structuredContent?: { data?: { state?: string } };
        _meta?: Record<string, { token?: string; tool?: string }>;
      };
    };
    const preview = await inspect();
    expect(preview.isError).toBe(true);
    expect(preview.content[0]?.text).toMatch(/^Confirmation required: nothing was changed yet\./);
    const request = preview._meta?.['paperspace-mcp/confirmation'];
    expect(request?.tool).toBe(tool);
    const token = String(request?.token);
    const confirmed = await inspect('--tool-arg', `confirm=${token}`);
    expect(confirmed.isError ?? false, JSON.stringify(confirmed.content)).toBe(false);
    expect(confirmed.structuredContent?.data?.state).toBe('stopping');
    const replayed = await inspect('--tool-arg', `confirm=${token}`);
    expect(replayed.isError).toBe(true);
    expect(replayed.content[0]?.text).toMatch(/already been used/);
    expect((await stat(state)).mode & 0o777).toBe(0o600);
  }, 240_000);
});
