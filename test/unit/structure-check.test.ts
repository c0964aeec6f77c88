import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { compare, cruise, nextBaseline } from '../../scripts/check-structure.mjs';
// @ts-expect-error: a plain ESM script without type declarations
import { assertionsIn } from '../../scripts/count-assertions.mjs';

describe('the assertion count', () => {
  it('counts `as T` and `<T>x`, each link of `as unknown as T`', () => {
    const text = 'const a = x as string;\nconst b = <number>y;\nconst c = z as unknown as Date;\n';
    expect(assertionsIn('a.ts', text)).toBe(4);
  });

  it('leaves out `as const`, renamed imports and the word in strings and comments', () => {
    const text = [
      "import { a as b } from './a.js';",
      'export { b as c };',
      'const list = [1, 2] as const;',
      'const tuple = <const>[1];',
      "const s = 'x as string'; // y as number",
    ].join('\n');
    expect(assertionsIn('a.ts', text)).toBe(0);
  });
});

describe('the structure baseline', () => {
  const baseline = { assertions: 10, violations: { 'no-circular': ['a → b', 'c → d'] } };

  it('reports a violation the baseline does not list and a higher assertion count', () => {
    const now = {
      assertions: 11,
      violations: { 'no-circular': ['a → b', 'c → d'], 'not-up-into-x': ['e → f'] },
    };
    expect(compare(baseline, now)).toEqual({
      added: ['not-up-into-x: e → f'],
      removed: [],
      assertionsDelta: 1,
    });
    expect(nextBaseline(baseline, now, false)).toBeUndefined();
    expect(nextBaseline(baseline, now, true)).toBe(now);
  });

  it('reports what the baseline may drop, and shrinks to it', () => {
    const now = { assertions: 9, violations: { 'no-circular': ['a → b'] } };
    expect(compare(baseline, now)).toEqual({
      added: [],
      removed: ['no-circular: c → d'],
      assertionsDelta: -1,
    });
    expect(nextBaseline(baseline, now, false)).toBe(now);
  });

  it('takes a violation that moved to another file as a new one', () => {
    const now = { assertions: 10, violations: { 'no-circular': ['a → b', 'c2 → d'] } };
    expect(compare(baseline, now).added).toEqual(['no-circular: c2 → d']);
  });
});

describe('the import-graph rules', () => {
  const root = mkdtempSync(join(tmpdir(), 'structure-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('find circles, upward imports (type-only ones too), the sandbox out of place, orphans and dev dependencies', () => {
    symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'), 'dir');
    write('package.json', JSON.stringify({ type: 'module', devDependencies: { vitest: '1', zod: '1' } }));
    write(
      'tsconfig.json',
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
    );
    write('src/index.ts', "import './main.js';\nimport './config/index.js';\n");
    write('src/main.ts', "import './sandbox/sandbox.js';\nimport './client/client.js';\n");
    write(
      'src/config/index.ts',
      "import type { Client } from '../client/client.js';\nexport type C = Client;\n",
    );
    write(
      'src/client/client.ts',
      "import { z } from 'zod';\nexport const Client = z;\nexport type Client = 1;\n",
    );
    write(
      'src/client/a.ts',
      "import { b } from './b.js';\nimport { describe } from 'vitest';\nexport const a = [b, describe];\n",
    );
    write('src/client/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
    write(
      'src/files/uses.ts',
      "import { a } from '../client/a.js';\nimport '../sandbox/sandbox.js';\nexport const u = a;\n",
    );
    write('src/sandbox/sandbox.ts', "import '../files/uses.js';\nexport const s = 1;\n");
    write('src/log.ts', 'export const orphan = 1;\n');

    const { violations } = cruise(root);

    expect(violations['no-circular']).toContain('src/client/a.ts → src/client/b.ts');
    expect(violations['not-up-into-client']).toEqual(['src/config/index.ts → src/client/client.ts']);
    expect(violations['sandbox-only-from-entry']).toEqual(['src/files/uses.ts → src/sandbox/sandbox.ts']);
    expect(violations['sandbox-imports-client-and-below']).toEqual([
      'src/sandbox/sandbox.ts → src/files/uses.ts',
    ]);
    expect(violations['no-orphans']).toEqual(['src/log.ts → src/log.ts']);
    expect(violations['no-unbundled-dev-deps']).toEqual([
      expect.stringMatching(/^src\/client\/a\.ts → .*node_modules\/vitest\//),
    ]);
  });
});
