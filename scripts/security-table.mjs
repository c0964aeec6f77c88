// Renders docs/SECURITY.md's table of every write tool, gated or not, with the reason (a read that
// can write a local file counts, as it is gated), from the rows (src/tools/registry/all-rows.ts): a gated
// row's `confirm.why`, and `confirm.never` for the others.
import { readSection, writeSection } from './generated-section.mjs';
import { loadSource } from './load-source.mjs';

const FILE = 'docs/SECURITY.md';
const SECTION = 'gated';

const cell = (text) => text.replaceAll('|', '\\|');

/** The Markdown table, from the rows. */
export function securityTable({ OPERATIONS }) {
  const writes = OPERATIONS.filter((o) => o.kind !== 'read' || o.gated);
  const gated = writes.filter((o) => o.gated);
  const conditional = gated.filter((o) => o.confirm.risky || o.confirm.when);
  const lines = [
    `${writes.length} tools write; ${gated.length} are gated, ${conditional.length} of them only for some arguments ("Only when…").`,
    '',
    '| Tool | Toolset | Gated | Why |',
    '| --- | --- | --- | --- |',
  ];
  for (const op of writes) {
    const mark = !op.gated ? 'no' : conditional.includes(op) ? 'conditional' : 'yes';
    const why = op.gated ? op.confirm.why : op.confirm.never;
    lines.push(`| \`${op.name}\` | ${op.toolset} | ${mark} | ${cell(why)} |`);
  }
  return lines.join('\n');
}

export const securitySection = () => readSection(FILE, SECTION);

export const loadSecurityModules = () => loadSource('src/tools/registry/all-rows.ts');

if (process.argv.includes('--write')) {
  writeSection(FILE, SECTION, securityTable(await loadSecurityModules()));
  console.log(`${FILE} table updated`);
}
