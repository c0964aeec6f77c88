import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { toolsetsMarkdown, toolsetsSection, toolsMarkdown, toolsSection } from '../../scripts/tools-doc.mjs';
import * as operations from '../../src/tools/registry/all-rows.js';
import * as toolsets from '../../src/tools/registry/toolsets.js';

it('docs/TOOLS.md lists every tool as the rows define it (npm run docs regenerates it)', () => {
  expect(toolsSection()).toBe(toolsMarkdown({ ...operations, ...toolsets }));
});

it("the README's toolset table counts the tools of every toolset (npm run docs regenerates it)", () => {
  expect(toolsetsSection()).toBe(toolsetsMarkdown({ ...operations, ...toolsets }));
});
