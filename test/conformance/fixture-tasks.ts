import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type CallToolResult,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';
import { callerOf } from '../../src/server.js';
import { requireTasks, tasksNegotiated } from '../../src/tasks/extension.js';
import { type TaskIo, type Tasks, TooManyTasksError } from '../../src/tasks/tasks.js';
import type { FixtureTool } from './fixture-tools.js';

/**
 * The Tasks extension fixtures (SEP-2663) the conformance suite's `tasks-*` scenarios name, run
 * through the server's own task layer: `optional` tools become a task when the request opted in,
 * `required` ones answer -32021 otherwise, `never` ones always answer at once.
 */

type Support = 'never' | 'optional' | 'required';
type Work = (args: Record<string, unknown>, io: TaskIo | undefined) => Promise<CallToolResult>;

const text = (t: string, isError = false): CallToolResult => ({
  content: [{ type: 'text', text: t }],
  ...(isError ? { isError } : {}),
});
const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
const ask = (message: string, field: string, type: 'string' | 'boolean') =>
  inputRequired.elicit({
    message,
    requestedSchema: {
      type: 'object',
      properties: { [field]: type === 'string' ? { type: 'string' } : { type: 'boolean' } },
      required: [field],
    },
  });
const object = (properties: Tool['inputSchema']['properties'] = {}, required: string[] = []) => ({
  type: 'object' as const,
  properties,
  required,
});

/** An io for work that runs inside a task; outside one, questions cannot be asked. */
function ioOf(io: TaskIo | undefined): TaskIo {
  if (io) return io;
  throw new ProtocolError(ProtocolErrorCode.InternalError, 'this fixture asks questions only inside a task');
}

const KEY = randomBytes(32);
const mac = (body: string) => createHmac('sha256', KEY).update(body).digest('base64url');
const seal = (payload: Record<string, unknown>) => {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body)}`;
};
function opened(state: unknown): Record<string, unknown> | undefined {
  const [body = '', tag = ''] = typeof state === 'string' ? state.split('.') : [];
  const expected = Buffer.from(mac(body));
  if (!body || expected.length !== tag.length || !timingSafeEqual(expected, Buffer.from(tag)))
    return undefined;
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const FIXTURES: Array<{
  name: string;
  description: string;
  support: Support;
  inputSchema: ReturnType<typeof object>;
  work: Work;
}> = [
  {
    name: 'greet',
    description: 'Greets someone at once (never a task).',
    support: 'never',
    inputSchema: object({ name: { type: 'string' } }, ['name']),
    work: async (args) => text(`Hello, ${String(args.name)}!`),
  },
  {
    name: 'slow_compute',
    description: 'Waits `seconds`, then answers; a task when the client has the tasks extension.',
    support: 'optional',
    inputSchema: object({ seconds: { type: 'number', minimum: 0, maximum: 600 }, label: { type: 'string' } }),
    work: async (args, io) => {
      const seconds = typeof args.seconds === 'number' ? args.seconds : 1;
      const label = typeof args.label === 'string' ? args.label : '';
      io?.progress(`Computing ${label} (${seconds} s)`);
      await pause(seconds * 1000, io?.signal);
      return text(`Computed ${label} in ${seconds} s`);
    },
  },
  {
    name: 'failing_job',
    description: 'A task that ends with a tool error after about a second.',
    support: 'required',
    inputSchema: object(),
    work: async (_args, io) => {
      await pause(1000, io?.signal);
      return text('failing_job failed on purpose', true);
    },
  },
  {
    name: 'protocol_error_job',
    description: 'A task that ends failed with a protocol error.',
    support: 'required',
    inputSchema: object(),
    work: async (_args, io) => {
      await pause(200, io?.signal);
      throw new ProtocolError(ProtocolErrorCode.InternalError, 'protocol_error_job failed on purpose');
    },
  },
  {
    name: 'confirm_delete',
    description: 'A task that asks to confirm, then deletes.',
    support: 'required',
    inputSchema: object({ filename: { type: 'string' } }, ['filename']),
    work: async (args, io) => {
      const filename = String(args.filename);
      const answers = await ioOf(io).ask({ confirm: ask(`Delete ${filename}?`, 'confirm', 'boolean') });
      const view = inputResponse(answers, 'confirm');
      const ok = view.kind === 'elicit' && view.action === 'accept' && view.content?.confirm === true;
      return text(ok ? `Deleted ${filename}` : `Kept ${filename}: not confirmed`);
    },
  },
  {
    name: 'multi_input',
    description: 'A task that asks two questions at once.',
    support: 'required',
    inputSchema: object(),
    work: async (_args, io) => {
      const answers = await ioOf(io).ask({
        name: ask('Your name?', 'name', 'string'),
        confirm: ask('Proceed?', 'confirm', 'boolean'),
      });
      return text(`Got ${Object.keys(answers).sort().join(' and ')}`);
    },
  },
];

/** Starts `work` as the caller's task; the cap is a tool error. */
async function startTask(
  tasks: Tasks,
  ctx: ServerContext,
  name: string,
  work: (io: TaskIo) => Promise<CallToolResult>,
) {
  try {
    return (await tasks.start(callerOf(ctx), name, work)) as unknown as CallToolResult;
  } catch (error) {
    if (error instanceof TooManyTasksError) return text(error.message, true);
    throw error;
  }
}

/** The fixtures, as FixtureTools served beside the others; `tasks` is the server's own task layer. */
export function taskFixtures(tasks: Tasks): FixtureTool[] {
  const tools: FixtureTool[] = FIXTURES.map((f) => ({
    tool: { name: f.name, description: f.description, inputSchema: f.inputSchema },
    run: async (args, ctx): Promise<CallToolResult | InputRequiredResult> => {
      const negotiated = tasksNegotiated(ctx);
      if (f.support === 'required' && !negotiated) throw requireTasks();
      if (f.support !== 'never' && negotiated) return startTask(tasks, ctx, f.name, (io) => f.work(args, io));
      return f.work(args, undefined);
    },
  }));
  tools.push({
    tool: {
      name: 'test_tool_with_task',
      description: 'Asks for a name (no task yet), then runs a task that greets it.',
      inputSchema: object(),
    },
    run: async (_args, ctx) => {
      if (!tasksNegotiated(ctx)) throw requireTasks();
      const view = inputResponse(ctx.mcpReq.inputResponses, 'user_name');
      if (view.kind !== 'elicit') {
        return inputRequired({
          inputRequests: { user_name: ask('What is your name?', 'name', 'string') },
          requestState: seal({ tool: 'test_tool_with_task', caller: callerOf(ctx) }),
        });
      }
      const state = opened(ctx.mcpReq.requestState?.());
      if (state?.tool !== 'test_tool_with_task' || state.caller !== callerOf(ctx)) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          'Invalid requestState: integrity check failed',
        );
      }
      const name =
        view.action === 'accept' && typeof view.content?.name === 'string' ? view.content.name : 'nobody';
      return startTask(tasks, ctx, 'test_tool_with_task', async (io) => {
        await pause(300, io.signal);
        return text(`Hello, ${name}! (from a task)`);
      });
    },
  });
  return tools;
}
