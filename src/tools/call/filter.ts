import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import { CONFIRMATION_META_KEY, isConfirmationRequest } from '../../confirm/request.js';
import { type RedactScope, redact, secretsInArgs } from '../../secrets.js';
import type { Operation } from '../define.js';
import { unshapedResult } from './errors.js';
import { isShaped } from './shape.js';

/** What the exit filter removes from this call's output: the caller's key, secret arguments, the row's secret fields. */
export function redactScopeOf(
  op: Operation,
  args: Record<string, unknown>,
  apiKey: string | undefined,
): RedactScope {
  const secretObjects = op.secretObjects === true;
  return {
    values: [...(apiKey ? [apiKey] : []), ...secretsInArgs(args, secretObjects)],
    secretObjects,
    ...(op.redact ? { keys: op.redact } : {}),
  };
}

/**
 * The exit: the secret filter over everything, then the output check. A success result whose
 * content does not fit the output schema would be turned into an error by the SDK although the
 * call happened, so it becomes an error result that says so and carries what came back.
 */
export function exitResult(
  op: Operation,
  result: CallToolResult | InputRequiredResult,
  scope: RedactScope,
  verbatim: readonly string[] | undefined,
): CallToolResult | InputRequiredResult {
  if (isConfirmationRequest(result)) {
    // The token is this server's own signed value, meant for the agent (the filter would take it for a secret by its name).
    const request = result._meta[CONFIRMATION_META_KEY];
    const safe = redact(result, scope);
    return {
      ...safe,
      _meta: {
        ...safe._meta,
        [CONFIRMATION_META_KEY]: { ...safe._meta[CONFIRMATION_META_KEY], token: request.token },
      },
    };
  }
  if (!isShaped(result)) return redact(result, scope);
  // User content (a file's text) keeps its bytes; only the structured result carries it.
  const structured = redact(result.structuredContent, verbatim ? { ...scope, verbatim } : scope);
  const [, ...rest] = result.content;
  const safe: CallToolResult = {
    content: [{ type: 'text', text: JSON.stringify(structured) }, ...redact(rest, scope)],
    structuredContent: structured,
    ...(result._meta === undefined ? {} : { _meta: redact(result._meta, scope) }),
  };
  const fit = op.output.safeParse(structured);
  // Built from filtered data; filtered again so nothing a schema message quotes can slip out.
  return fit.success ? safe : redact(unshapedResult(op, structured, fit.error), scope);
}
