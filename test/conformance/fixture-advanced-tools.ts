import { type CallToolResult, inputRequired } from '@modelcontextprotocol/server';
import type { FixtureTool } from './fixture-tools.js';

/**
 * Fixtures of the transport and stateless scenarios: a JSON Schema 2020-12 input schema, a call
 * whose stream the server closes mid-call (SSE polling), the diagnostic hooks of the 2026-07-28
 * server-stateless scenario, and a tool with an `x-mcp-header` parameter (SEP-2243).
 */

const empty = { type: 'object' as const, properties: {} };
const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });

/** As the suite's json-schema-2020-12 scenario states it. */
const JSON_SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object' as const,
  $defs: {
    address: {
      $anchor: 'addressDef',
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
    },
  },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords, as the suite states them
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

export const ADVANCED_TOOLS: FixtureTool[] = [
  {
    tool: {
      name: 'json_schema_2020_12_tool',
      description: 'Tool with JSON Schema 2020-12 features',
      inputSchema: JSON_SCHEMA_2020_12,
    },
    run: async (args) => text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`),
  },
  {
    tool: {
      name: 'test_reconnection',
      description: 'Closes its own SSE stream mid-call; the result arrives after the client reconnects.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      ctx.http?.closeSSE?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return text('Reconnection test completed successfully.');
    },
  },
  {
    tool: {
      name: 'test_missing_capability',
      description: 'Needs the sampling capability.',
      inputSchema: empty,
    },
    run: async () =>
      inputRequired({
        inputRequests: {
          sample: inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }],
            maxTokens: 10,
          }),
        },
      }),
  },
  {
    tool: {
      name: 'test_streaming_elicitation',
      description: 'Asks the user within the result.',
      inputSchema: empty,
    },
    run: async (_args, ctx) =>
      ctx.mcpReq.inputResponses?.answer
        ? text('Thanks.')
        : inputRequired({
            inputRequests: {
              answer: inputRequired.elicit({
                message: 'Anything to add?',
                requestedSchema: { type: 'object', properties: { note: { type: 'string' } } },
              }),
            },
          }),
  },
  {
    tool: {
      name: 'test_logging_tool',
      description: 'Logs only when the client asked for a level.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      await ctx.mcpReq.log('info', 'test_logging_tool ran');
      return text('logged');
    },
  },
  {
    tool: {
      name: 'test_trigger_tool_change',
      description: 'Announces a changed tool list.',
      inputSchema: empty,
    },
    run: async (_args, _ctx, env) => {
      env.events.publish({ kind: 'tools_list_changed' });
      return text('tools list changed');
    },
  },
  {
    tool: {
      name: 'test_trigger_prompt_change',
      description: 'Announces a changed prompt list.',
      inputSchema: empty,
    },
    run: async (_args, _ctx, env) => {
      env.events.publish({ kind: 'prompts_list_changed' });
      return text('prompts list changed');
    },
  },
  {
    tool: {
      name: 'test_custom_headers',
      description: 'Its region parameter travels in the Mcp-Param-Region header too (SEP-2243).',
      inputSchema: {
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' } },
        required: ['region'],
      },
    },
    run: async (args) => text(`region: ${String(args.region)}`),
  },
];
