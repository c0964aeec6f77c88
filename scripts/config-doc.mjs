// Renders the settings table of docs/CONFIGURATION.md from the one table of options
// (src/config/options.ts); run `npm run docs` after changing an option, and
// test/contract/config-doc.test.ts fails while the file is out of date.
import { readSection, writeSection } from './generated-section.mjs';
import { loadSource } from './load-source.mjs';

const FILE = 'docs/CONFIGURATION.md';

const cell = (text) => text.replaceAll('|', '\\|');

/** The table: one row per option, flags first in the table's order, then the variables alone. */
export function configMarkdown({ OPTIONS }) {
  const lines = ['| flag | environment variable | default | meaning |', '| --- | --- | --- | --- |'];
  for (const option of OPTIONS) {
    const flag = option.flag ? `\`--${option.flag}${option.arg ? ` ${option.arg}` : ''}\`` : '';
    const short = option.short ? `, \`-${option.short}\`` : '';
    const env = option.env ? `\`${option.env}\`` : '';
    const bundle = option.bundle ? ` MCP Bundle: "${option.bundle.title}".` : '';
    lines.push(
      `| ${cell(flag + short)} | ${env} | ${cell(option.shownDefault)} | ${cell(option.doc)}${bundle} |`,
    );
  }
  return lines.join('\n');
}

export const configSection = () => readSection(FILE, 'options');

if (process.argv.includes('--write')) {
  writeSection(FILE, 'options', configMarkdown(await loadSource('src/config/options.ts')));
  console.log(`${FILE} settings table updated`);
}
