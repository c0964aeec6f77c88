import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { configMarkdown, configSection } from '../../scripts/config-doc.mjs';
import { helpText } from '../../src/config/help.js';
import { OPTIONS } from '../../src/config/options.js';

it('docs/CONFIGURATION.md lists every setting as the table declares it (npm run docs regenerates it)', () => {
  expect(configSection()).toBe(configMarkdown({ OPTIONS }));
});

it('--help names every flag, with its variable, and every variable of its own', () => {
  const help = helpText();
  for (const option of OPTIONS) {
    if (option.flag) expect(help, option.flag).toMatch(new RegExp(`^  --${option.flag}\\b`, 'm'));
    if (option.env) expect(help, option.env).toContain(option.env);
  }
  for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
});

it('every flag and variable belongs to one setting only', () => {
  const names = OPTIONS.flatMap((o) => [o.flag, o.env, o.short && `-${o.short}`].filter(Boolean));
  expect(new Set(names).size).toBe(names.length);
  const keys = OPTIONS.map((o) => o.key);
  expect(new Set(keys).size).toBe(keys.length);
});
