import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { readmeSection, toolsMarkdown } from '../../scripts/readme-tools.mjs';
import * as rules from '../../src/tools/confirm/rules.js';
import * as operations from '../../src/tools/operations.js';
import * as toolsets from '../../src/tools/toolsets.js';

it('the README lists every tool as the rows define it (npm run docs regenerates it)', () => {
  expect(readmeSection()).toBe(toolsMarkdown({ ...operations, ...rules, ...toolsets }));
});
