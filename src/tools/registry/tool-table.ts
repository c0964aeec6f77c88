/**
 * The model-facing tool list as data: what selection needs about each tool, and its definition
 * (name, title, description, input and output JSON Schema, annotations) as the exact JSON text
 * every path that answers tools/list sends. Nothing here loads zod or the SDK: the stdio entry
 * answers tools/list from this before either has loaded.
 */
export interface ToolEntry {
  readonly name: string;
  readonly toolset: string;
  readonly kind: string;
  /** The API area whose rows hold the tool (a key of ROW_LOADERS): a call loads that area's rows. */
  readonly area: string;
  /** The row's `METHOD /path` (the confirmation gate derives target routes from the GET ones). */
  readonly route: string;
  /** `JSON.stringify` of the tool's definition as listed. */
  readonly json: string;
}

export interface ToolTable {
  /** Every toolset, in listing order. */
  readonly toolsets: readonly string[];
  /** What `default` (and no --toolsets at all) stands for. */
  readonly defaults: readonly string[];
  readonly tools: readonly ToolEntry[];
}

/** The JSON text of a tools/list result holding exactly these tools, in this order. */
export const toolListJson = (tools: readonly ToolEntry[]): string =>
  `{"tools":[${tools.map((t) => t.json).join(',')}]}`;
