import { type Option, optionName } from './option.js';
import { OPTIONS } from './options.js';
import { BOOLEAN_WORDS } from './values.js';

const WIDTH = 100;
const COLUMN = 28;

/** Markdown code spans read as plain text in a terminal. */
const plain = (markdown: string) => markdown.replace(/`([^`]*)`/g, '$1');

/** `text` in lines of at most `room` characters. */
function wrap(text: string, room = WIDTH - COLUMN): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** One entry: the name column, then the doc with its default and variable, wrapped. */
function entry(name: string, text: string): string {
  const [first = '', ...rest] = wrap(text);
  const head =
    name.length + 2 < COLUMN
      ? `  ${name.padEnd(COLUMN - 2)}${first}`
      : `  ${name}\n${' '.repeat(COLUMN)}${first}`;
  return [head, ...rest.map((l) => `${' '.repeat(COLUMN)}${l}`)].join('\n');
}

function describe(option: Option, withEnv: boolean): string {
  const parts = [plain(option.doc)];
  if (option.shownDefault) parts.push(`Default: ${plain(option.shownDefault)}.`);
  if (withEnv && option.env) parts.push(`Env: ${option.env}.`);
  return parts.join(' ');
}

/** The text of `paperspace-mcp --help`, from the table of options. */
export function helpText(): string {
  const all: readonly Option[] = OPTIONS;
  const flags = all.filter((o) => o.flag !== undefined);
  const envOnly = all.filter((o) => o.flag === undefined);
  return [
    'paperspace-mcp: the Paperspace API as MCP tools (stdio or Streamable HTTP)',
    '',
    'Usage: paperspace-mcp [flags]',
    '',
    'Flags:',
    ...flags.map((o) => entry(`--${o.flag}${o.arg ? ` ${o.arg}` : ''}`, describe(o, true))),
    '',
    'Environment:',
    ...envOnly.map((o) => entry(optionName(o), describe(o, false))),
    '',
    ...wrap(
      `Flags win over environment variables. Boolean variables take ${BOOLEAN_WORDS.join(', ')} in any case; any other value stops the server. Logs go to stderr; stdout carries only MCP messages.`,
      WIDTH,
    ),
    ...wrap(
      'In the package: docs/CONFIGURATION.md (every setting), docs/TOOLS.md (every tool), docs/SECURITY.md (the confirmation gate, secrets, HTTP).',
      WIDTH,
    ),
    '',
  ].join('\n');
}
