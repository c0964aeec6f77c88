import {
  completable,
  type GetPromptResult,
  inputRequired,
  inputResponse,
  type ListResourcesResult,
  type McpRequestContext,
  type McpServer,
  ResourceTemplate,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import { IMAGE_PNG } from './fixture-media.js';

/**
 * The prompts, `test://` resources and logging the suite's scenarios read, added to an instance of
 * the real server beside its dataset resources.
 */

const STATIC_RESOURCES = [
  {
    name: 'static-text',
    uri: 'test://static-text',
    description: 'A static text resource',
    mimeType: 'text/plain',
    contents: { text: 'This is the content of the static text resource.' },
  },
  {
    name: 'static-binary',
    uri: 'test://static-binary',
    description: 'A static binary resource (a PNG image)',
    mimeType: 'image/png',
    contents: { blob: IMAGE_PNG },
  },
  {
    name: 'watched-resource',
    uri: 'test://watched-resource',
    description: 'A resource clients subscribe to',
    mimeType: 'text/plain',
    contents: { text: 'Watched resource content' },
  },
] as const;

const user = (content: GetPromptResult['messages'][number]['content']) => ({
  role: 'user' as const,
  content,
});

type Handler = (request: unknown, ctx: ServerContext) => Promise<unknown>;

export function addFixtureContent(server: McpServer, _ctx?: McpRequestContext): void {
  server.server.registerCapabilities({ logging: {} });
  addResources(server);
  addPrompts(server);
}

function addResources(server: McpServer): void {
  for (const r of STATIC_RESOURCES) {
    server.registerResource(
      r.name,
      r.uri,
      { description: r.description, mimeType: r.mimeType },
      async () => ({
        contents: [{ uri: r.uri, mimeType: r.mimeType, ...r.contents }],
      }),
    );
  }
  server.registerResource(
    'template',
    new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { description: 'A resource template with parameter substitution', mimeType: 'application/json' },
    async (uri, variables) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/json',
          text: JSON.stringify({
            id: variables.id,
            templateTest: true,
            data: `Data for ID: ${String(variables.id)}`,
          }),
        },
      ],
    }),
  );
  // The real resources/list pages through datasets; the fixtures come first on its first page.
  const protocol = server.server as unknown as { _getRequestHandler(method: string): Handler | undefined };
  const realList = protocol._getRequestHandler('resources/list');
  if (!realList) throw new Error('the real server registers resources/list first');
  server.server.setRequestHandler('resources/list', async (request, ctx) => {
    const real = (await realList(request, ctx)) as ListResourcesResult;
    if (request.params?.cursor) return real;
    const fixtures = STATIC_RESOURCES.map(({ name, uri, description, mimeType }) => ({
      name,
      uri,
      description,
      mimeType,
    }));
    return { ...real, resources: [...fixtures, ...real.resources] };
  });
}

function addPrompts(server: McpServer): void {
  server.registerPrompt(
    'test_simple_prompt',
    { description: 'A simple prompt without arguments' },
    async () => ({
      messages: [user({ type: 'text', text: 'This is a simple prompt for testing.' })],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_arguments',
    {
      description: 'A prompt with required arguments',
      argsSchema: z.object({
        arg1: completable(z.string().describe('First test argument'), (value) =>
          ['paris', 'park', 'party'].filter((v) => v.startsWith(value)),
        ),
        arg2: z.string().describe('Second test argument'),
      }),
    },
    async ({ arg1, arg2 }) => ({
      messages: [user({ type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` })],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_embedded_resource',
    {
      description: 'A prompt that includes an embedded resource',
      argsSchema: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
    },
    async ({ resourceUri }) => ({
      messages: [
        user({
          type: 'resource',
          resource: {
            uri: resourceUri,
            mimeType: 'text/plain',
            text: 'Embedded resource content for testing.',
          },
        }),
        user({ type: 'text', text: 'Please process the embedded resource above.' }),
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_image',
    { description: 'A prompt that includes an image' },
    async () => ({
      messages: [
        user({ type: 'image', data: IMAGE_PNG, mimeType: 'image/png' }),
        user({ type: 'text', text: 'Please analyze the image above.' }),
      ],
    }),
  );
  server.registerPrompt(
    'test_input_required_result_prompt',
    { description: 'A prompt that asks the user for its context first' },
    async (ctx) => {
      const view = inputResponse(ctx.mcpReq.inputResponses, 'user_context');
      if (view.kind !== 'elicit' || view.action !== 'accept') {
        return inputRequired({
          inputRequests: {
            user_context: inputRequired.elicit({
              message: 'What context should the prompt use?',
              requestedSchema: {
                type: 'object',
                properties: { context: { type: 'string' } },
                required: ['context'],
              },
            }),
          },
        }) as never;
      }
      return { messages: [user({ type: 'text', text: `Context: ${String(view.content?.context ?? '')}` })] };
    },
  );
}
