// Renders the tool catalog of docs/TOOLS.md from the operation rows (run `npm run docs` after
// changing rows; test/contract/tools-doc.test.ts fails while it is out of date).
import { readSection, writeSection } from './generated-section.mjs';
import { loadSource } from './load-source.mjs';

const FILE = 'docs/TOOLS.md';

function flags(op) {
  if (!op.gated) return op.kind;
  const rule = op.confirm;
  return rule?.risky || rule?.when ? `${op.kind}, confirm (conditional)` : `${op.kind}, confirm`;
}

/**
 * The catalog's Markdown, from the modules src/tools/registry/all-rows.ts and src/tools/registry/toolsets.ts
 * (merged into one object).
 */
export function toolsMarkdown({ OPERATIONS, DEFAULT_TOOLSETS, TOOLSET_MANIFEST, TOOLSETS }) {
  const lines = [];
  const total = OPERATIONS.length;
  const reads = OPERATIONS.filter((o) => o.kind === 'read').length;
  const gated = OPERATIONS.filter((o) => o.gated).length;
  const defaults = OPERATIONS.filter((o) => DEFAULT_TOOLSETS.includes(o.toolset)).length;
  lines.push(
    `${total} tools in ${TOOLSETS.length} toolsets: ${reads} read, ${total - reads} write; ${gated} ask for confirmation (a read when it would replace a local file). ` +
      `The default toolsets (${DEFAULT_TOOLSETS.join(', ')}) hold ${defaults} tools; \`--toolsets all\` enables every one.`,
  );
  for (const toolset of TOOLSETS) {
    const ops = OPERATIONS.filter((o) => o.toolset === toolset);
    const isDefault = DEFAULT_TOOLSETS.includes(toolset) ? ', default' : '';
    lines.push(
      '',
      `### \`${toolset}\` (${ops.length}${isDefault})`,
      '',
      `${TOOLSET_MANIFEST[toolset].description}.`,
      '',
    );
    lines.push('| Tool | Kind | What it does |', '| --- | --- | --- |');
    for (const op of ops)
      lines.push(`| \`${op.name}\` | ${flags(op)} | ${op.description.replaceAll('|', '\\|')} |`);
  }
  return lines.join('\n');
}

/** The README's toolset table: what each holds, how many tools and reads; the default set first. */
export function toolsetsMarkdown({ OPERATIONS, DEFAULT_TOOLSETS, TOOLSET_MANIFEST, TOOLSETS }) {
  const count = (ops) => [ops.length, ops.filter((o) => o.kind === 'read').length];
  const defaults = OPERATIONS.filter((o) => DEFAULT_TOOLSETS.includes(o.toolset));
  const [all, allReads] = count(OPERATIONS);
  const [inDefault, defaultReads] = count(defaults);
  const ordered = [...DEFAULT_TOOLSETS, ...TOOLSETS.filter((t) => !DEFAULT_TOOLSETS.includes(t))];
  const lines = [
    'Tools come in toolsets, one per API area, so a host is not flooded (VS Code refuses more than 128',
    `tools across all servers). The default set is ${DEFAULT_TOOLSETS.map((t) => `\`${t}\``).join(', ')}: ${inDefault}`,
    `tools. Pick others with \`--toolsets\` (\`default,projects,deployments\`, or \`all\` for all ${all}),`,
    'single tools with `--tools`, and hide some with `--exclude-tools`.',
    '',
    '| toolset | tools | reads | what |',
    '| --- | --- | --- | --- |',
  ];
  for (const toolset of ordered) {
    const [n, reads] = count(OPERATIONS.filter((o) => o.toolset === toolset));
    const mark = DEFAULT_TOOLSETS.includes(toolset) ? ' (default)' : '';
    lines.push(`| \`${toolset}\`${mark} | ${n} | ${reads} | ${TOOLSET_MANIFEST[toolset].description} |`);
  }
  lines.push(
    '',
    `\`--read-only\` keeps only the tools that read: ${defaultReads} of the default set, ${allReads} with \`--toolsets all\`.`,
  );
  return lines.join('\n');
}

export const toolsetsSection = () => readSection('README.md', 'toolsets');
export const toolsSection = () => readSection(FILE, 'tools');

if (process.argv.includes('--write')) {
  const modules = await Promise.all(
    ['src/tools/registry/all-rows.ts', 'src/tools/registry/toolsets.ts'].map(loadSource),
  );
  const merged = Object.assign({}, ...modules);
  writeSection(FILE, 'tools', toolsMarkdown(merged));
  writeSection('README.md', 'toolsets', toolsetsMarkdown(merged));
  console.log(`${FILE} catalog and the README's toolset table updated`);
}
