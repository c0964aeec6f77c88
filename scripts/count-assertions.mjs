// Counts the type assertions in src/ (`x as T` and `<T>x`; `as const` is a literal, not an
// assertion, so it is not counted) with the TypeScript compiler's own parser, prints the total and
// the files that hold the most, and exits non-zero above the cap. Part of `npm run check:structure`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The most `as` assertions src/ may hold. */
export const CAP = 80;
const TOP = 10;

const ROOT = new URL('..', import.meta.url).pathname;

/** Every .ts file under `dir`, declaration files included. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The assertions in one file's text: `as T` and `<T>x`, except `as const` and `<const>x`. */
export function assertionsIn(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  let count = 0;
  const visit = (node) => {
    if (
      (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) &&
      !ts.isConstTypeReference(node.type)
    ) {
      count += 1;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return count;
}

/** Assertions per file of `dir` (paths relative to the project), files without any left out. */
export function countAssertions(dir = join(ROOT, 'src')) {
  const perFile = [];
  for (const file of sourceFiles(dir)) {
    const count = assertionsIn(file, readFileSync(file, 'utf8'));
    if (count > 0) perFile.push({ file: relative(ROOT, file), count });
  }
  perFile.sort((a, b) => b.count - a.count || a.file.localeCompare(b.file));
  return { total: perFile.reduce((sum, f) => sum + f.count, 0), perFile };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { total, perFile } = countAssertions();
  const verdict = total > CAP ? `over the cap of ${CAP} by ${total - CAP}` : `within the cap of ${CAP}`;
  console.log(`as-assertions in src/: ${total} (${verdict}), in ${perFile.length} files; the most:`);
  for (const { file, count } of perFile.slice(0, TOP)) console.log(`  ${String(count).padStart(4)}  ${file}`);
  if (total > CAP) process.exitCode = 1;
}
