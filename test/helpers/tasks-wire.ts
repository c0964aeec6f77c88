import { confirmTokenIn } from './harness.js';

/**
 * The Tasks extension (io.modelcontextprotocol/tasks) spoken as a 2026-07-28 client speaks it: raw
 * JSON-RPC with the wire's headers and `_meta` (the SDK 2.4 client refuses a `resultType: "task"`
 * answer).
 */
export const TASKS = 'io.modelcontextprotocol/tasks';

export interface Answer {
  status: number;
  result?: Record<string, unknown> & { taskId?: string; status?: string };
  error?: { code: number; message: string; data?: unknown };
}

/** `tasks`: the request opts in to the extension; `key`: the caller's Paperspace key (--per-request-key). */
export interface WireOptions {
  tasks?: boolean;
  key?: string;
}

let ids = 0;
export async function rpc(
  url: string,
  method: string,
  params: Record<string, unknown>,
  options: WireOptions = {},
): Promise<Answer> {
  const name =
    method === 'tools/call' ? params.name : method.startsWith('tasks/') ? params.taskId : undefined;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(typeof name === 'string' ? { 'mcp-name': name } : {}),
      ...(options.key ? { 'x-paperspace-api-key': options.key } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: ++ids,
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientInfo': { name: 'tasks-test', version: '1.0.0' },
          'io.modelcontextprotocol/clientCapabilities': options.tasks ? { extensions: { [TASKS]: {} } } : {},
        },
      },
    }),
  });
  const text = await res.text();
  const body = JSON.parse(text.startsWith('{') ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? '{}'));
  return { status: res.status, result: body.result, error: body.error };
}

export const call = (url: string, name: string, args: Record<string, unknown>, options: WireOptions = {}) =>
  rpc(url, 'tools/call', { name, arguments: args }, options);

/** A call, and when it answers with a confirmation token, the same call with that token. */
export async function confirmed(
  url: string,
  name: string,
  args: Record<string, unknown>,
  options: WireOptions = {},
): Promise<Answer> {
  const first = await call(url, name, args, options);
  const token = confirmTokenIn({ content: first.result?.content });
  return token ? call(url, name, { ...args, confirm: token }, options) : first;
}

/** tasks/get until `done` holds (the task's own pace; no sleeping on a clock). */
export async function pollTask(
  url: string,
  taskId: string,
  done: (task: Record<string, unknown>) => boolean,
  options: WireOptions = {},
): Promise<Record<string, unknown>> {
  for (;;) {
    const { result, error } = await rpc(url, 'tasks/get', { taskId }, { tasks: true, ...options });
    if (error) throw new Error(`tasks/get: ${error.message}`);
    if (result && done(result)) return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A machine of the sandbox in `state`. */
export async function machineIn(url: string, state: string, options: WireOptions = {}): Promise<string> {
  const { result } = await call(url, 'machines_list', { limit: 120 }, options);
  const listed = result?.structuredContent as { items?: Array<{ id: string; state: string }> } | undefined;
  const found = listed?.items?.find((m) => m.state === state);
  if (!found) throw new Error(`the sandbox has no machine in state ${state}`);
  return found.id;
}
