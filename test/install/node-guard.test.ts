import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DIST_ENTRY } from '../helpers/spawn.js';

const run = promisify(execFile);

/** Runs the built entry with `process.versions.node` reporting `version`. */
async function runAs(version: string, args: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'paperspace-mcp-guard-'));
  const preload = join(dir, 'old-node.cjs');
  await writeFile(
    preload,
    `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: ${JSON.stringify(version)} } });\n`,
  );
  return run(process.execPath, ['-r', preload, DIST_ENTRY, ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe('the entry on an older Node.js', () => {
  it('fails with one plain sentence on Node 18', async () => {
    const r = await runAs('18.19.0', ['--version']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'paperspace-mcp needs Node.js 20.3 or newer, and this is Node.js 18.19.0. Install a current Node.js (https://nodejs.org) and run it again.\n',
    );
  });

  it('fails the same way on Node 20.2, which lacks AbortSignal.any', async () => {
    const r = await runAs('20.2.0', ['--version']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^paperspace-mcp needs Node\.js 20\.3 or newer, and this is Node\.js 20\.2\.0\./,
    );
  });

  it('runs on Node 20.3 and on later majors', async () => {
    for (const version of ['20.3.0', '22.0.0']) {
      const r = await runAs(version, ['--version']);
      expect(r.code, version).toBe(0);
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });
});
