import { type Readable, Transform } from 'node:stream';

/**
 * The SDK's stdio transport parses each line through its message schema, which silently drops any
 * `__proto__` key, so a tool would run on arguments other than those sent. This filter sits between
 * stdin and the SDK: a request carrying such a key anywhere in its params is answered here with an
 * error naming the key (as a failed tool result for tools/call, like any invalid argument) and
 * never reaches the SDK. Every other line passes through unchanged; only lines that could hold
 * the key (spelled out, or with an escaped ASCII letter) are parsed here.
 */
export function refusePrototypeKeys(input: Readable, write: (line: string) => void): Readable {
  let pending = '';
  const filter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      let passed = '';
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
        const line = pending.slice(0, newline + 1);
        pending = pending.slice(newline + 1);
        const answer = MAY_HOLD_KEY.test(line) ? refusal(line) : undefined;
        if (answer) write(`${answer}\n`);
        else passed += line;
      }
      done(null, passed.length > 0 ? passed : undefined);
    },
    flush(done) {
      done(null, pending.length > 0 ? pending : undefined);
    },
  });
  input.on('error', (error) => filter.destroy(error));
  return input.pipe(filter);
}

const MAY_HOLD_KEY = /__proto__|\\u00[5-7]/i;

const MESSAGE =
  'the key "__proto__" is refused (__proto__, constructor and prototype are never accepted as keys)';

/** The answer to a request with a `__proto__` key in its params, or undefined to let it through. */
function refusal(line: string): string | undefined {
  let message: { id?: unknown; method?: unknown; params?: { name?: unknown; arguments?: unknown } };
  try {
    message = JSON.parse(line);
  } catch {
    return undefined;
  }
  const { id, method, params } = message ?? {};
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof method !== 'string') return undefined;
  const where = prototypeKeyPath(params);
  if (where === undefined) return undefined;
  if (method === 'tools/call' && typeof params?.name === 'string' && where[0] === 'arguments') {
    const field = where.slice(1).join('.');
    const text = `Input validation error: Invalid arguments for tool ${params.name}: ${field ? `${field}: ` : ''}${MESSAGE}`;
    return JSON.stringify({
      jsonrpc: '2.0',
      id,
      result: { content: [{ type: 'text', text }], isError: true },
    });
  }
  const error = { code: -32602, message: `Invalid params: ${where.join('.') || 'params'}: ${MESSAGE}` };
  return JSON.stringify({ jsonrpc: '2.0', id, error });
}

/** Path of the object holding the first own `__proto__` key (iterative: any depth), if any. */
export function prototypeKeyPath(value: unknown): string[] | undefined {
  interface Step {
    node: unknown;
    key?: string;
    parent?: Step;
  }
  const stack: Step[] = [{ node: value }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { node } = step;
    if (node === null || typeof node !== 'object') continue;
    if (Object.hasOwn(node, '__proto__')) {
      const path: string[] = [];
      for (let at: Step | undefined = step; at?.key !== undefined; at = at.parent) path.unshift(at.key);
      return path;
    }
    for (const [key, child] of Object.entries(node)) stack.push({ node: child, key, parent: step });
  }
  return undefined;
}
