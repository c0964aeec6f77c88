// Renders the README's tool list from the operation rows (run `npm run docs` after changing rows;
// test/contract/readme.test.ts fails while the README is out of date).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSource } from './load-source.mjs';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- tools:start -->';
const END = '<!-- tools:end -->';

function flags(op, CONFIRM_RULES) {
  if (op.kind === 'read') return 'read';
  if (!op.gated) return op.kind;
  const rule = CONFIRM_RULES[op.name];
  return rule?.risky || rule?.when ? `${op.kind}, confirm (conditional)` : `${op.kind}, confirm`;
}

/**
 * The Markdown between the README's tool markers, from the modules src/tools/operations.ts,
 * src/tools/confirm/rules.ts and src/tools/toolsets.ts (merged into one object).
 */
export function toolsMarkdown({
  OPERATIONS,
  CONFIRM_RULES,
  DEFAULT_TOOLSETS,
  TOOLSET_DESCRIPTIONS,
  TOOLSETS,
}) {
  const lines = [];
  const total = OPERATIONS.length;
  const reads = OPERATIONS.filter((o) => o.kind === 'read').length;
  const gated = OPERATIONS.filter((o) => o.gated).length;
  const defaults = OPERATIONS.filter((o) => DEFAULT_TOOLSETS.includes(o.toolset)).length;
  lines.push(
    `${total} tools in ${TOOLSETS.length} toolsets: ${reads} read, ${total - reads} write, of which ${gated} ask for confirmation. ` +
      `The default toolsets (${DEFAULT_TOOLSETS.join(', ')}) hold ${defaults} tools; \`--toolsets all\` enables every one.`,
  );
  for (const toolset of TOOLSETS) {
    const ops = OPERATIONS.filter((o) => o.toolset === toolset);
    const isDefault = DEFAULT_TOOLSETS.includes(toolset) ? ', default' : '';
    lines.push(
      '',
      `### \`${toolset}\` (${ops.length}${isDefault})`,
      '',
      `${TOOLSET_DESCRIPTIONS[toolset]}.`,
      '',
    );
    lines.push('| Tool | Kind | What it does |', '| --- | --- | --- |');
    for (const op of ops)
      lines.push(
        `| \`${op.name}\` | ${flags(op, CONFIRM_RULES)} | ${op.description.replaceAll('|', '\\|')} |`,
      );
  }
  return lines.join('\n');
}

export function readmeSection() {
  const text = readFileSync(README, 'utf8');
  return text.slice(text.indexOf(START) + START.length, text.indexOf(END)).trim();
}

if (process.argv.includes('--write')) {
  const text = readFileSync(README, 'utf8');
  const head = text.slice(0, text.indexOf(START) + START.length);
  const tail = text.slice(text.indexOf(END));
  const modules = await Promise.all(
    ['src/tools/operations.ts', 'src/tools/confirm/rules.ts', 'src/tools/toolsets.ts'].map(loadSource),
  );
  writeFileSync(README, `${head}\n${toolsMarkdown(Object.assign({}, ...modules))}\n${tail}`);
  console.log('README tool list updated');
}
