import type { ToolCatalog } from '../call/errors.js';
import { TOOL_TABLE } from './prebuilt.js';

const TOOLSET_OF: ReadonlyMap<string, string> = new Map(TOOL_TABLE.tools.map((t) => [t.name, t.toolset]));

/** The catalog error messages name tools from: `offered` among every tool of the prebuilt table. */
export const toolCatalog = (offered: Iterable<string>): ToolCatalog => ({
  toolsetOf: TOOLSET_OF,
  offered: new Set(offered),
});
