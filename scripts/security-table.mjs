// Renders docs/SECURITY.md's table of every write tool, gated or not, with the reason (a read that
// can write a local file counts, as it is gated), from the
// rows (src/tools/operations.ts), the gated tools' rules (`why` in src/confirm/rules.ts) and
// the reasons the others are not gated (src/confirm/ungated.ts).
import { readSection, writeSection } from './generated-section.mjs';
import { loadSource } from './load-source.mjs';

const FILE = 'docs/SECURITY.md';
const SECTION = 'gated';

const cell = (text) => text.replaceAll('|', '\\|');

/** The Markdown table, from the modules above merged into one object. */
export function securityTable({ OPERATIONS, CONFIRM_RULES, UNGATED_WHY }) {
  const writes = OPERATIONS.filter((o) => o.kind !== 'read' || o.gated);
  const gated = writes.filter((o) => o.gated);
  const conditional = gated.filter((o) => CONFIRM_RULES[o.name].risky || CONFIRM_RULES[o.name].when);
  const lines = [
    `${writes.length} tools write; ${gated.length} are gated, ${conditional.length} of them only for some arguments ("Only when…").`,
    '',
    '| Tool | Toolset | Gated | Why |',
    '| --- | --- | --- | --- |',
  ];
  for (const op of writes) {
    const rule = CONFIRM_RULES[op.name];
    const mark = !op.gated ? 'no' : conditional.includes(op) ? 'conditional' : 'yes';
    const why = op.gated ? rule.why : UNGATED_WHY[op.name];
    lines.push(`| \`${op.name}\` | ${op.toolset} | ${mark} | ${cell(why)} |`);
  }
  return lines.join('\n');
}

export const securitySection = () => readSection(FILE, SECTION);

export async function loadSecurityModules() {
  const modules = await Promise.all(
    ['src/tools/operations.ts', 'src/confirm/rules.ts', 'src/confirm/ungated.ts'].map(loadSource),
  );
  return Object.assign({}, ...modules);
}

if (process.argv.includes('--write')) {
  writeSection(FILE, SECTION, securityTable(await loadSecurityModules()));
  console.log(`${FILE} table updated`);
}
