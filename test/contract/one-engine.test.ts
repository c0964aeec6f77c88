import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Where src/ does what only the confirmation engine may do, as `file: what`. */
function uses(pattern: RegExp, what: string): string[] {
  return sourceFiles(join(ROOT, 'src')).flatMap((file) =>
    pattern.test(readFileSync(file, 'utf8')) ? [`${relative(ROOT, file)}: ${what}`] : [],
  );
}

it('one module asks the user and mints confirmation tokens: src/confirm/round.ts', () => {
  expect([
    ...uses(/\binputRequired(\.elicit)?\(/, 'elicits'),
    ...uses(/\bsigner\.sign\(/, 'mints'),
    ...uses(/(?<!function )\bconfirmationResult\(/, 'answers with a confirmation request'),
  ]).toEqual([
    'src/confirm/round.ts: elicits',
    'src/confirm/round.ts: mints',
    'src/confirm/round.ts: answers with a confirmation request',
  ]);
});
