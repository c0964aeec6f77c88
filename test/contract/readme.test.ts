import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_OPTIONS } from '../../src/cli-options.js';
import { OPERATIONS } from '../../src/tools/operations.js';

/** The README stays true: its order, its commands, its flags and variables, its links, its counts. */
const ROOT = new URL('../..', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

const sourceText = (dir: string): string =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');

describe('README', () => {
  it('leads in the order a newcomer needs, at about 15 kB', () => {
    const headings = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Quick start',
      'Install in a client',
      'Toolsets and read-only',
      'Safety',
      'HTTP',
      'Resources',
      'Configuration',
      'Errors',
      'Development',
    ]);
    expect(Buffer.byteLength(README)).toBeLessThan(18_000);
  });

  it('runs only npm scripts that exist', () => {
    const used = [...README.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string);
    expect(used.length).toBeGreaterThan(5);
    for (const name of used) expect(Object.keys(pkg.scripts), name).toContain(name);
  });

  it('documents every flag the server takes, and no other', () => {
    const table = README.slice(README.indexOf('## Configuration'), README.indexOf('## Errors'));
    const documented = new Set([...table.matchAll(/`--([a-z-]+)/g)].map((m) => m[1]));
    expect([...documented].sort()).toEqual(Object.keys(CLI_OPTIONS).sort());
    const flagsAnywhere = [...README.matchAll(/(?<![\w-])--([a-z][a-zA-Z-]+)/g)].map((m) => m[1] as string);
    const others = new Set([
      'toolsets',
      'method',
      'tool-name',
      'tool-arg',
      'noEmit',
      'cli',
      'env',
      'header',
      'transport',
      'strict',
    ]);
    for (const flag of flagsAnywhere)
      if (!others.has(flag)) expect(Object.keys(CLI_OPTIONS), flag).toContain(flag);
  });

  it('names only environment variables the server reads', () => {
    const src = sourceText(join(ROOT, 'src'));
    for (const [name] of README.matchAll(/PAPERSPACE_[A-Z_]+/g)) expect(src, name).toContain(name);
  });

  it('links only to files that exist', () => {
    for (const [, target] of README.matchAll(/\]\(((?!https?:|#)[^)]+)\)/g)) {
      expect(existsSync(join(ROOT, (target as string).split('#')[0] as string)), target).toBe(true);
    }
  });

  it('counts the gated tools as the rows do', () => {
    const writes = OPERATIONS.filter((o) => o.kind !== 'read');
    const gated = writes.filter((o) => o.gated);
    expect(README).toContain(`${gated.length} of the ${writes.length} tools that write are gated`);
  });
});
