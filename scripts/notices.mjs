// THIRD_PARTY_NOTICES for the bundle: every package whose code esbuild inlined into dist/ (read from
// the metafile: inputs that put bytes into an output), with its name, version, licence and the full
// text of its licence file and NOTICE file. A package published without a licence file gets the one
// of another installed package from the same repository, else the upstream repository's licence
// kept in scripts/licenses/<name>/LICENSE; without either the build stops.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;

/** `node_modules/@scope/name/…` → the package's directory (the innermost node_modules wins). */
function packageDir(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  return input.slice(0, at + 'node_modules/'.length) + name;
}

/** The packages inlined into any output of `metafile`, as directories relative to the repository. */
export function inlinedPackages(metafile) {
  const dirs = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const dir = bytesInOutput > 0 ? packageDir(input) : undefined;
      if (dir) dirs.add(dir);
    }
  }
  return [...dirs];
}

const firstFile = (dir, pattern) =>
  readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name))[0];

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;
const readPackage = (abs) => JSON.parse(readFileSync(join(abs, 'package.json'), 'utf8'));
const repositoryOf = (pkg) =>
  String(typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? ''))
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');

/** The licence text for a package that ships none: see the header. */
function borrowedLicense(pkg, dirs) {
  const repository = repositoryOf(pkg);
  for (const dir of repository ? dirs : []) {
    const abs = join(ROOT, dir);
    const file = firstFile(abs, LICENSE_FILE);
    const other = readPackage(abs);
    if (file && other.name !== pkg.name && repositoryOf(other) === repository) {
      return `(published without a licence file; this is the licence file of ${other.name}@${other.version}, from the same repository ${repository})\n\n${readFileSync(file, 'utf8').trim()}`;
    }
  }
  const kept = join(ROOT, 'scripts', 'licenses', pkg.name, 'LICENSE');
  if (existsSync(kept)) {
    return `(published without a licence file; this is the licence of its repository ${repository || pkg.name})\n\n${readFileSync(kept, 'utf8').trim()}`;
  }
  throw new Error(
    `${pkg.name}@${pkg.version} has no licence file: add its licence as scripts/licenses/${pkg.name}/LICENSE`,
  );
}

/** One package's entry: name, version, licence, its licence text and NOTICE. */
function entryOf(dir, dirs) {
  const abs = join(ROOT, dir);
  const pkg = readPackage(abs);
  const licenseFile = firstFile(abs, LICENSE_FILE);
  const noticeFile = firstFile(abs, /^notice(\.(md|txt))?$/i);
  return {
    name: pkg.name,
    version: pkg.version,
    license: typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the licence text'),
    text: licenseFile ? readFileSync(licenseFile, 'utf8').trim() : borrowedLicense(pkg, dirs),
    notice: noticeFile ? readFileSync(noticeFile, 'utf8').trim() : undefined,
  };
}

/** The file's text for the packages `metafile` inlined, sorted by name. */
export function noticesOf(metafile, projectName) {
  const dirs = inlinedPackages(metafile);
  const entries = dirs
    .map((dir) => entryOf(dir, dirs))
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const rule = '-'.repeat(78);
  const head = [
    `${projectName} bundles code from the following ${entries.length} packages into its own files.`,
    'Their licences and notices follow, each package as it was published.',
    '',
    ...entries.map((e) => `  ${e.name}@${e.version} (${e.license})`),
  ];
  const bodies = entries.map((e) =>
    [
      rule,
      `${e.name}@${e.version}`,
      `License: ${e.license}`,
      '',
      e.text,
      ...(e.notice ? ['', 'NOTICE:', '', e.notice] : []),
    ].join('\n'),
  );
  return { count: entries.length, text: `${[head.join('\n'), ...bodies].join('\n\n')}\n` };
}
