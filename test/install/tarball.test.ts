import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxSession } from './session.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The install path that needs no registry release: `npm pack` (of the built dist/), then
 * `npm install -g` of that tarball into a temporary prefix, then the `paperspace-mcp` command it
 * puts on the PATH. The package has no runtime dependencies, so this works offline.
 */
describe('the packed tarball, installed globally', () => {
  let dir = '';
  let bin = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-tarball-'));
    const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const prefix = join(dir, 'prefix');
    await run(
      npm,
      ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(dir, filename)],
      {
        cwd: dir,
      },
    );
    bin = join(prefix, 'bin', 'paperspace-mcp');
  }, 120_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the package version', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(bin, ['--version']);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it('serves a sandbox session over stdio', async () => {
    const session = await sandboxSession(bin, ['--sandbox'], {});
    expect(session.tools).toContain('machines_list');
    expect(session.machines).toMatchObject({ items: expect.arrayContaining([expect.anything()]) });
  });
});
