import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { readmeSection, toolsMarkdown } from '../../scripts/readme-tools.mjs';

it('the README lists every tool as the rows define it (npm run docs regenerates it)', () => {
  expect(readmeSection()).toBe(toolsMarkdown());
});
