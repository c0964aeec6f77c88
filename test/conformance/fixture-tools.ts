import type {
  CallToolResult,
  InputRequiredResult,
  McpRequestContext,
  McpServer,
  ServerContext,
  ServerEventBus,
  Tool,
} from '@modelcontextprotocol/server';
import { ADVANCED_TOOLS } from './fixture-advanced-tools.js';
import { INPUT_REQUIRED_TOOLS } from './fixture-input-required.js';
import { IMAGE_PNG, WAV_AUDIO } from './fixture-media.js';

/** One fixture tool: what tools/list shows, and what a call does. */
export interface FixtureTool {
  tool: Tool;
  run(
    args: Record<string, unknown>,
    ctx: ServerContext,
    env: FixtureEnv,
  ): Promise<CallToolResult | InputRequiredResult>;
}

export interface FixtureEnv {
  server: McpServer;
  /** The HTTP handler's bus (2026-07-28 listen streams). */
  events: ServerEventBus;
  era: 'legacy' | 'modern';
}

const empty = { type: 'object' as const, properties: {} };
const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CONTENT_TOOLS: FixtureTool[] = [
  {
    tool: { name: 'test_simple_text', description: 'Returns simple text.', inputSchema: empty },
    run: async () => text('This is a simple text response for testing.'),
  },
  {
    tool: { name: 'test_image_content', description: 'Returns an image.', inputSchema: empty },
    run: async () => ({ content: [{ type: 'image', data: IMAGE_PNG, mimeType: 'image/png' }] }),
  },
  {
    tool: { name: 'test_audio_content', description: 'Returns audio.', inputSchema: empty },
    run: async () => ({ content: [{ type: 'audio', data: WAV_AUDIO, mimeType: 'audio/wav' }] }),
  },
  {
    tool: {
      name: 'test_embedded_resource',
      description: 'Returns an embedded resource.',
      inputSchema: empty,
    },
    run: async () => ({
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    }),
  },
  {
    tool: {
      name: 'test_multiple_content_types',
      description: 'Returns text, image and a resource.',
      inputSchema: empty,
    },
    run: async () => ({
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: IMAGE_PNG, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    }),
  },
  {
    tool: { name: 'test_error_handling', description: 'Always fails.', inputSchema: empty },
    run: async () => ({
      isError: true,
      content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }],
    }),
  },
  {
    tool: { name: 'test_tool_with_logging', description: 'Logs three messages.', inputSchema: empty },
    run: async (_args, ctx) => {
      for (const [i, message] of [
        'Tool execution started',
        'Tool processing data',
        'Tool execution completed',
      ].entries()) {
        if (i > 0) await pause(50);
        await ctx.mcpReq.log('info', message);
      }
      return text('Tool with logging executed successfully');
    },
  },
  {
    tool: {
      name: 'test_tool_with_progress',
      description: 'Reports progress 0, 50, 100 of 100.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (progress > 0) await pause(50);
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: {
              progressToken: token,
              progress,
              total: 100,
              message: `Completed step ${progress} of 100`,
            },
          });
        }
      }
      return text(String(token ?? 'no progress token'));
    },
  },
];

const ELICITATION_TOOLS: FixtureTool[] = [
  {
    tool: {
      name: 'test_sampling',
      description: 'Asks the client for a completion.',
      inputSchema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
    },
    run: async (args, ctx) => {
      const result = await ctx.mcpReq.requestSampling({
        messages: [{ role: 'user', content: { type: 'text', text: String(args.prompt) } }],
        maxTokens: 100,
      });
      const content = result.content as { text?: string } | undefined;
      return text(`LLM response: ${content?.text ?? 'No response'}`);
    },
  },
  {
    tool: {
      name: 'test_elicitation',
      description: 'Asks the user for a name and an email.',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    },
    run: async (args, ctx) => {
      const result = await ctx.mcpReq.elicitInput({
        message: String(args.message),
        requestedSchema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        },
      });
      return text(`User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`);
    },
  },
  {
    tool: {
      name: 'test_elicitation_sep1034_defaults',
      description: 'Asks with defaults.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const result = await ctx.mcpReq.elicitInput({
        message: 'Please review and update the form fields with defaults',
        requestedSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: {
              type: 'string',
              description: 'User status',
              enum: ['active', 'inactive', 'pending'],
              default: 'active',
            },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
          required: [],
        },
      });
      return text(
        `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`,
      );
    },
  },
  {
    tool: {
      name: 'test_elicitation_sep1330_enums',
      description: 'Asks with every enum form.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const result = await ctx.mcpReq.elicitInput({
        message: 'Please select options from the enum fields',
        requestedSchema: {
          type: 'object',
          properties: {
            untitledSingle: {
              type: 'string',
              description: 'Select one option',
              enum: ['option1', 'option2', 'option3'],
            },
            titledSingle: {
              type: 'string',
              description: 'Select one option with titles',
              oneOf: [
                { const: 'value1', title: 'First Option' },
                { const: 'value2', title: 'Second Option' },
                { const: 'value3', title: 'Third Option' },
              ],
            },
            legacyEnum: {
              type: 'string',
              description: 'Select one option (legacy)',
              enum: ['opt1', 'opt2', 'opt3'],
              enumNames: ['Option One', 'Option Two', 'Option Three'],
            },
            untitledMulti: {
              type: 'array',
              description: 'Select multiple options',
              minItems: 1,
              maxItems: 3,
              items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            },
            titledMulti: {
              type: 'array',
              description: 'Select multiple options with titles',
              minItems: 1,
              maxItems: 3,
              items: {
                anyOf: [
                  { const: 'value1', title: 'First Choice' },
                  { const: 'value2', title: 'Second Choice' },
                  { const: 'value3', title: 'Third Choice' },
                ],
              },
            },
          },
          required: [],
        },
      } as Parameters<ServerContext['mcpReq']['elicitInput']>[0]);
      return text(
        `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`,
      );
    },
  },
];

export const FIXTURE_TOOLS: readonly FixtureTool[] = [
  ...CONTENT_TOOLS,
  ...ELICITATION_TOOLS,
  ...INPUT_REQUIRED_TOOLS,
  ...ADVANCED_TOOLS,
];

type Handler = (request: { params: Record<string, unknown> }, ctx: ServerContext) => Promise<unknown>;

/**
 * Adds the fixture tools (and `more`) beside the real ones: tools/list answers the real list, then
 * the fixtures; tools/call runs a fixture by its name and hands every other call to the real handler.
 */
export function addFixtureTools(
  server: McpServer,
  ctx: McpRequestContext | undefined,
  events: ServerEventBus,
  more: readonly FixtureTool[] = [],
): void {
  const protocol = server.server as unknown as { _getRequestHandler(method: string): Handler | undefined };
  const realList = protocol._getRequestHandler('tools/list');
  const realCall = protocol._getRequestHandler('tools/call');
  if (!realList || !realCall) throw new Error('the real server registers tools/list and tools/call first');
  const fixtures = [...FIXTURE_TOOLS, ...more];
  const byName = new Map(fixtures.map((f) => [f.tool.name, f]));
  const env: FixtureEnv = { server, events, era: ctx?.era === 'modern' ? 'modern' : 'legacy' };
  // The HTTP entry checks SEP-2243 Mcp-Param-* headers against the schema the McpServer knows
  // for a tool; these tools are served by handlers, so their schemas are handed to it here.
  const instance = server as unknown as { toolInputSchemaJson(name: string): unknown };
  const known = instance.toolInputSchemaJson.bind(server);
  instance.toolInputSchemaJson = (name) => byName.get(name)?.tool.inputSchema ?? known(name);
  server.server.setRequestHandler('tools/list', async (request, handlerCtx) => {
    const real = (await realList(request as never, handlerCtx)) as { tools: Tool[] };
    return { tools: [...real.tools, ...fixtures.map((f) => f.tool)] };
  });
  server.server.setRequestHandler('tools/call', async (request, handlerCtx) => {
    const fixture = byName.get(request.params.name);
    if (!fixture) return (await realCall(request as never, handlerCtx)) as CallToolResult;
    return fixture.run(request.params.arguments ?? {}, handlerCtx, env);
  });
}
