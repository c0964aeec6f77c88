// A generated section of a Markdown file lies between `<!-- NAME:start -->` and `<!-- NAME:end -->`;
// `npm run docs` rewrites it and a contract test fails while it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pathOf = (file) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const markers = (name) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

/** The text of section `name` of `file` (relative to the repository root), trimmed. */
export function readSection(file, name) {
  const text = readFileSync(pathOf(file), 'utf8');
  const [start, end] = markers(name);
  if (!text.includes(start) || !text.includes(end)) throw new Error(`${file} has no ${name} section`);
  return text.slice(text.indexOf(start) + start.length, text.indexOf(end)).trim();
}

/** Replaces section `name` of `file` with `body`. */
export function writeSection(file, name, body) {
  const text = readFileSync(pathOf(file), 'utf8');
  const [start, end] = markers(name);
  const head = text.slice(0, text.indexOf(start) + start.length);
  const tail = text.slice(text.indexOf(end));
  writeFileSync(pathOf(file), `${head}\n${body}\n${tail}`);
}
