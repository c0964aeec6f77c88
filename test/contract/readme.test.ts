import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/config/options.js';
import { OPERATIONS } from '../../src/tools/registry/all-rows.js';

/** The README stays true: its order, its commands, its flags and variables, its links, its counts. */
const ROOT = new URL('../..', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

const FLAGS = OPTIONS.flatMap((o) => (o.flag ? [o.flag] : []));
const VARIABLES = OPTIONS.flatMap((o) => (o.env ? [o.env] : []));

describe('README', () => {
  it('leads in the order a newcomer needs, in at most 16 kB', () => {
    const headings = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      'Quick start',
      'Install in a client',
      'Toolsets and read-only',
      'Safety',
      'HTTP',
      'Resources',
      'Long operations',
      'Configuration',
      'Errors',
      'Development',
    ]);
    expect(Buffer.byteLength(README)).toBeLessThanOrEqual(16_000);
  });

  it('runs only npm scripts that exist', () => {
    const used = [...README.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string);
    expect(used.length).toBeGreaterThan(5);
    for (const name of used) expect(Object.keys(pkg.scripts), name).toContain(name);
  });

  it('names only flags the server takes', () => {
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
    for (const flag of flagsAnywhere) if (!others.has(flag)) expect(FLAGS, flag).toContain(flag);
  });

  it('names only environment variables the server reads', () => {
    for (const [name] of README.matchAll(/PAPERSPACE_[A-Z_]+/g)) expect(VARIABLES, name).toContain(name);
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
