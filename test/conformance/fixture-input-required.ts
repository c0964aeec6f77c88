import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type InputRequest,
  inputRequired,
  inputResponse,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { FixtureTool } from './fixture-tools.js';

/**
 * The 2026-07-28 multi-round-trip fixtures (SEP-2322): tools that answer with an
 * InputRequiredResult, read the client's inputResponses on the retry, and carry a signed
 * requestState between rounds.
 */

const KEY = randomBytes(32);
const mac = (body: string) => createHmac('sha256', KEY).update(body).digest('base64url');

/** An opaque, integrity-protected requestState. */
export function sealState(payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body)}`;
}

/** The payload of a state this process sealed; a tampered or foreign one is an invalid-params error. */
export function openState(state: unknown): Record<string, unknown> {
  const [body, tag] = typeof state === 'string' ? state.split('.') : [];
  const expected = body ? Buffer.from(mac(body)) : undefined;
  if (
    !body ||
    !tag ||
    !expected ||
    expected.length !== tag.length ||
    !timingSafeEqual(expected, Buffer.from(tag))
  ) {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid requestState: integrity check failed');
  }
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const text = (t: string): CallToolResult => ({ content: [{ type: 'text', text: t }] });
const empty = { type: 'object' as const, properties: {} };
const responses = (ctx: ServerContext) => ctx.mcpReq.inputResponses as Record<string, unknown> | undefined;
const stateOf = (ctx: ServerContext) => ctx.mcpReq.requestState?.();

const askName = (message = 'What is your name?') =>
  inputRequired.elicit({
    message,
    requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  });
const askCapital = () =>
  inputRequired.createMessage({
    messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
    maxTokens: 100,
  });

/** The accepted `name` of an elicitation answer, if that is what came back under `key`. */
function nameIn(ctx: ServerContext, key: string): string | undefined {
  const view = inputResponse(responses(ctx), key);
  const name = view.kind === 'elicit' && view.action === 'accept' ? view.content?.name : undefined;
  return typeof name === 'string' ? name : undefined;
}

function samplingText(ctx: ServerContext, key: string): string | undefined {
  const view = inputResponse(responses(ctx), key);
  if (view.kind !== 'sampling') return undefined;
  const content = view.result.content as { type?: string; text?: string } | undefined;
  return content?.text ?? '';
}

export const INPUT_REQUIRED_TOOLS: FixtureTool[] = [
  {
    tool: {
      name: 'test_input_required_result_elicitation',
      description: 'Asks for a name.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const name = nameIn(ctx, 'user_name');
      return name === undefined
        ? inputRequired({ inputRequests: { user_name: askName() } })
        : text(`Hello, ${name}!`);
    },
  },
  {
    tool: {
      name: 'test_input_required_result_sampling',
      description: 'Asks for a completion.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const answer = samplingText(ctx, 'capital_question');
      return answer === undefined
        ? inputRequired({ inputRequests: { capital_question: askCapital() } })
        : text(`The model said: ${answer}`);
    },
  },
  {
    tool: {
      name: 'test_input_required_result_list_roots',
      description: 'Asks for the roots.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const view = inputResponse(responses(ctx), 'client_roots');
      if (view.kind !== 'roots')
        return inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
      return text(`Roots: ${view.roots.map((r) => r.uri).join(', ') || '(none)'}`);
    },
  },
  {
    tool: {
      name: 'test_input_required_result_request_state',
      description: 'Round-trips a state.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const view = inputResponse(responses(ctx), 'confirm');
      const state = stateOf(ctx);
      if (view.kind === 'elicit' && state !== undefined && openState(state).round === 1) {
        return text(`state-ok: confirmed (${view.action})`);
      }
      return inputRequired({
        inputRequests: {
          confirm: inputRequired.elicit({
            message: 'Please confirm',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
          }),
        },
        requestState: sealState({ round: 1 }),
      });
    },
  },
  {
    tool: {
      name: 'test_input_required_result_multiple_inputs',
      description: 'Asks three things at once.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const name = nameIn(ctx, 'user_name');
      const greeting = samplingText(ctx, 'greeting');
      const roots = inputResponse(responses(ctx), 'client_roots');
      const state = stateOf(ctx);
      if (name !== undefined && greeting !== undefined && roots.kind === 'roots' && state !== undefined) {
        openState(state);
        return text(`Hello, ${name}! Greeting: ${greeting}. Roots: ${roots.roots.length}`);
      }
      return inputRequired({
        inputRequests: {
          user_name: askName(),
          greeting: inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
            maxTokens: 50,
          }),
          client_roots: inputRequired.listRoots(),
        },
        requestState: sealState({ round: 1 }),
      });
    },
  },
  {
    tool: { name: 'test_input_required_result_multi_round', description: 'Asks twice.', inputSchema: empty },
    run: async (_args, ctx) => {
      const state = stateOf(ctx);
      const round = state === undefined ? 0 : Number(openState(state).round);
      if (round === 1 && nameIn(ctx, 'step1') !== undefined) {
        return inputRequired({
          inputRequests: {
            step2: inputRequired.elicit({
              message: 'Step 2: What is your favorite color?',
              requestedSchema: {
                type: 'object',
                properties: { color: { type: 'string' } },
                required: ['color'],
              },
            }),
          },
          requestState: sealState({ round: 2, name: nameIn(ctx, 'step1') }),
        });
      }
      const color = inputResponse(responses(ctx), 'step2');
      if (round === 2 && color.kind === 'elicit') {
        return text(
          `Done: ${String(openState(state).name)} likes ${String(color.content?.color ?? 'nothing')}`,
        );
      }
      return inputRequired({
        inputRequests: { step1: askName('Step 1: What is your name?') },
        requestState: sealState({ round: 1 }),
      });
    },
  },
  {
    tool: {
      name: 'test_input_required_result_tampered_state',
      description: 'Signs its state.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      const state = stateOf(ctx);
      if (state !== undefined) {
        openState(state);
        return text('state verified');
      }
      return inputRequired({
        inputRequests: { user_name: askName() },
        requestState: sealState({ round: 1 }),
      });
    },
  },
  {
    tool: {
      name: 'test_input_required_result_capabilities',
      description: 'Asks only what the client can answer.',
      inputSchema: empty,
    },
    run: async (_args, ctx) => {
      if (responses(ctx) !== undefined) return text('Thanks for the input.');
      const envelope = (ctx.mcpReq as { envelope?: Record<string, unknown> }).envelope;
      const caps = (envelope?.[CLIENT_CAPABILITIES_META_KEY] ?? {}) as Record<string, unknown>;
      const requests: Record<string, InputRequest> = {};
      if (caps.elicitation) requests.user_name = askName();
      if (caps.sampling) requests.capital_question = askCapital();
      if (caps.roots) requests.client_roots = inputRequired.listRoots();
      if (Object.keys(requests).length === 0) return text('The client declared nothing to ask through.');
      return inputRequired({ inputRequests: requests });
    },
  },
];
