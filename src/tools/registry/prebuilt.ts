import { AREAS } from './all-rows.js';
import { toolDefinition } from './surface.js';
import type { ToolTable } from './tool-table.js';
import { DEFAULT_TOOLSETS, TOOLSETS } from './toolsets.js';

/**
 * The tool table computed from the operation rows. This is what tests and scripts running the
 * sources get; in the bundle, scripts/build.mjs replaces this module with its value computed at
 * build time, so the server neither builds nor converts a schema to answer tools/list.
 */
export const TOOL_TABLE: ToolTable = {
  toolsets: [...TOOLSETS],
  defaults: [...DEFAULT_TOOLSETS],
  tools: Object.entries(AREAS).flatMap(([area, ops]) =>
    ops.map((op) => ({
      name: op.name,
      toolset: op.toolset,
      kind: op.kind,
      area,
      route: op.route,
      json: JSON.stringify(toolDefinition(op)),
    })),
  ),
};
