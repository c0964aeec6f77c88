import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface Packed {
  /** The temporary folder everything below lives in. */
  dir: string;
  tarball: string;
  /** What `npm pack --json` reported: the files and the sizes. */
  files: string[];
  size: number;
  unpackedSize: number;
  /** `npm install -g --prefix` of the tarball. */
  prefix: string;
  /** The `paperspace-mcp` command it put on the PATH, and the installed package's folder. */
  bin: string;
  packageDir: string;
}

/**
 * The tarball as a fresh clone makes it: the tracked files of the working tree are copied to a
 * folder without dist/ (the project's node_modules linked in, as `npm ci` would make it), `npm pack`
 * there (its prepack builds), then `npm install -g --prefix <tmp>` of the tarball, offline: the
 * package has no dependencies to fetch.
 */
export async function packAndInstall(): Promise<Packed> {
  const dir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-tarball-'));
  const tree = join(dir, 'clone');
  const { stdout: listed } = await run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  for (const file of listed.split('\0').filter((f) => f && !f.startsWith('dist/'))) {
    await mkdir(dirname(join(tree, file)), { recursive: true });
    await copyFile(join(ROOT, file), join(tree, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // deleted in the working tree, not yet in git
    });
  }
  await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'), 'dir');
  const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', dir], {
    cwd: tree,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [
    { filename: string; size: number; unpackedSize: number; files: { path: string }[] },
  ];
  const tarball = join(dir, report.filename);
  const prefix = join(dir, 'prefix');
  await run(npm, ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: dir,
  });
  return {
    dir,
    tarball,
    files: report.files.map((f) => f.path),
    size: report.size,
    unpackedSize: report.unpackedSize,
    prefix,
    bin: join(prefix, 'bin', 'paperspace-mcp'),
    packageDir: join(prefix, 'lib', 'node_modules', 'paperspace-mcp'),
  };
}
