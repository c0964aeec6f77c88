import {
  type CallToolResult,
  type InputRequiredResult,
  isInputRequiredResult,
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';
import { redactText } from '../../secrets.js';
import { isCreateTaskResult } from '../../tasks/wire.js';
import type { CallDeps } from '../call/deps.js';
import { callOperation } from '../call/pipeline.js';
import { validateArguments } from '../call/validate.js';
import type { Operation } from '../define.js';
import { rowOf } from './row-loaders.js';
import { inputSchemaOf } from './surface.js';
import type { ToolEntry } from './tool-table.js';

/** Runs a call; a success's structuredContent must already fit the tool's output schema. */
export type ToolCall = (
  op: Operation,
  args: Record<string, unknown>,
  ctx: ServerContext,
) => Promise<CallToolResult | InputRequiredResult>;

/** What a server instance serves, computed once per process and selection. */
interface Served {
  /** The tools/list result: the prebuilt definitions of exactly the selected tools. */
  list: { tools: Tool[] };
  byName: Map<string, { entry: ToolEntry; outputSchema: Record<string, unknown> | undefined }>;
}

const served = new WeakMap<readonly ToolEntry[], Served>();

function servedFor(tools: readonly ToolEntry[]): Served {
  let value = served.get(tools);
  if (value === undefined) {
    const list = tools.map((t) => JSON.parse(t.json) as Tool);
    const byName = new Map(
      tools.map((entry, i) => [entry.name, { entry, outputSchema: list[i]?.outputSchema }]),
    );
    value = { list: { tools: list }, byName };
    served.set(tools, value);
  }
  return value;
}

/**
 * The only code that serves tools: one MCP tool per selected entry of the prebuilt tool table,
 * each run by its operation row through the call pipeline (src/tools/call/).
 */
export function registerOperations(server: McpServer, tools: readonly ToolEntry[], deps: CallDeps): void {
  serveTools(
    server,
    tools,
    (op, args, ctx) => callOperation(server, op, args, ctx, deps),
    (name) => deps.policy.hides?.(name) === true,
  );
}

/**
 * Answers tools/list and tools/call on `server` for these tools of the prebuilt table, with the
 * SDK's low-level handlers: a server instance registers nothing per tool and converts no schema.
 * tools/list sends the prebuilt definitions (the bytes the stdio entry also sends), less `hidden` ones. A call loads
 * its tool's area (row-loaders.ts) once per process; the arguments are held to the bounds every tool
 * keeps (call/bounds.ts), then validated by the row's zod schema, which zod compiles at the first call
 * of that tool. Errors are reported as the SDK's own tools/call handler reports them: an unknown
 * tool is a protocol error, invalid arguments are a tool error.
 */
export function serveTools(
  server: McpServer,
  tools: readonly ToolEntry[],
  call: ToolCall,
  hidden: (name: string) => boolean = () => false,
): void {
  const { list, byName } = servedFor(tools);
  // A tool an operator's rule refuses outright is not listed (a call to it is still answered: denied).
  server.server.setRequestHandler('tools/list', () => ({ tools: list.tools.filter((t) => !hidden(t.name)) }));
  server.server.setRequestHandler('tools/call', async (request, ctx) => {
    const name = request.params.name;
    const tool = byName.get(name);
    if (tool === undefined)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Tool ${name} not found`);
    try {
      const op = await rowOf(tool.entry);
      const args = await validateArguments(name, inputSchemaOf(op), request.params.arguments ?? {});
      const result = await call(op, args, ctx);
      if (isInputRequiredResult(result) || isCreateTaskResult(result)) return result;
      // The call's own exit has checked structuredContent against the output schema (call/filter.ts).
      if (!result.isError && result.structuredContent === undefined) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Output validation error: Tool ${name} has an output schema but no structured content was provided`,
        );
      }
      return server.server.projectCallToolResult(result, tool.outputSchema);
    } catch (error) {
      if (error instanceof ProtocolError && error.code === ProtocolErrorCode.UrlElicitationRequired)
        throw error;
      // Validation messages can quote what the caller sent (an unknown key's name): filtered too.
      const text = redactText(error instanceof Error ? error.message : String(error));
      return { content: [{ type: 'text', text }], isError: true };
    }
  });
}
