import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = new URL('../../dist/', import.meta.url).pathname;

/** The relative modules a built file imports: statically (loaded with it) or with import(). */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const code = readFileSync(file, 'utf8');
  const out = { static: [] as string[], dynamic: [] as string[] };
  for (const match of code.matchAll(/(import\(\s*)?"(\.\.?\/[^"]+\.js)"/g)) {
    const target = join(dirname(file), match[2] as string);
    (match[1] ? out.dynamic : out.static).push(target);
  }
  return out;
}

/** Every file loaded together with `entry`, before any import() runs. */
function loadedWith(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of importsOf(file).static) visit(next);
  };
  visit(entry);
  return seen;
}

const chunks = readdirSync(join(DIST, 'chunks')).map((name) => join(DIST, 'chunks', name));
const holding = (marker: string) =>
  chunks.filter((file) => file.endsWith('.js') && readFileSync(file, 'utf8').includes(marker));

/** What start-up loads, and what waits for its first use (npm run build's output). */
describe('the built bundle', () => {
  const emulator = holding("by the sandbox's S3");
  const sandbox = holding('SANDBOX: serving a simulated Paperspace API');

  it('keeps the S3 emulator in a chunk of its own, loaded only when the sandbox starts storage', () => {
    expect(emulator.map((f) => relative(DIST, f))).toHaveLength(1);
    const [chunk] = emulator as [string];
    const dynamicallyFrom = chunks.filter((f) => f.endsWith('.js') && importsOf(f).dynamic.includes(chunk));
    expect(dynamicallyFrom.length).toBeGreaterThan(0);
    for (const entry of ['server.js', 'lib.js']) expect(loadedWith(join(DIST, entry))).not.toContain(chunk);
    // Not even the sandbox, nor the server's main module, loads it along with them.
    for (const file of chunks.filter((f) => f.endsWith('.js') && f !== chunk)) {
      expect(importsOf(file).static, relative(DIST, file)).not.toContain(chunk);
    }
  });

  it('loads neither the sandbox nor the HTTP transport at start-up, nor from the importable module', () => {
    const http = holding('Not found: the MCP endpoint is /mcp');
    expect(http.length).toBeGreaterThan(0);
    expect(sandbox.length).toBeGreaterThan(0);
    for (const entry of ['server.js', 'lib.js']) {
      const loaded = loadedWith(join(DIST, entry));
      for (const file of [...emulator, ...sandbox]) expect(loaded, entry).not.toContain(file);
      for (const file of http) expect(loaded, entry).not.toContain(file);
    }
  });
});
