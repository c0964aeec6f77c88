import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Installs `packages` (exact versions, e.g. `node@20.3.0`) from the npm registry into a directory of
 * the system's temp folder that is kept between runs, never into the project; resolves with it.
 * Installed once per set: concurrent callers each install into their own folder and the first to
 * finish is kept. `node@x` brings that Node.js binary (its install script fetches it).
 */
export async function registryTools(packages: readonly string[]): Promise<string> {
  const key = createHash('sha256').update(packages.join(' ')).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'paperspace-mcp-test-tools', key);
  if (existsSync(join(dir, '.installed'))) return dir;
  const work = `${dir}.${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'package.json'), '{"name":"test-tools","private":true}\n');
  await run(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts=false',
      '--loglevel=error',
      ...packages,
    ],
    { cwd: work, maxBuffer: 16 * 1024 * 1024 },
  );
  await writeFile(join(work, '.installed'), `${packages.join('\n')}\n`);
  // A folder left by an interrupted install is replaced; one another run completed first is kept.
  if (!existsSync(join(dir, '.installed'))) await rm(dir, { recursive: true, force: true });
  try {
    await rename(work, dir);
  } catch {
    await rm(work, { recursive: true, force: true });
  }
  return dir;
}

/** The Node.js binary a `node@x` package installed into `dir`. */
export function nodeBinary(dir: string): string {
  const bin = join(dir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`no Node.js binary in ${dir} (did node's install script run?)`);
  return bin;
}
