import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const PROJECTS = ['unit', 'integration', 'e2e', 'interop'];

it('every test file runs in exactly one vitest project', () => {
  const onDisk = readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.test.ts'))
    .map((path) => `test/${path}`)
    .sort();
  // vitest's own answer: each (file, project) pair it would run.
  const listed = JSON.parse(
    execFileSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'list', '--filesOnly', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  ) as { file: string; projectName: string }[];
  const projectsOf = new Map<string, string[]>(onDisk.map((file) => [file, []]));
  for (const { file, projectName } of listed) {
    const path = relative(ROOT, file);
    projectsOf.set(path, [...(projectsOf.get(path) ?? []), projectName]);
  }
  const wrong = [...projectsOf].filter(([, projects]) => projects.length !== 1);
  expect(wrong, 'files in no project or in several').toEqual([]);
  expect(new Set(listed.map((l) => l.projectName))).toEqual(new Set(PROJECTS));
});
