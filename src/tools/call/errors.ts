import type { CallToolResult } from '@modelcontextprotocol/server';
import {
  AbortedError,
  ApiError,
  ConnectionError,
  describeApiError,
  InvalidArgumentError,
  MissingApiKeyError,
  ResponseTooLargeError,
  TimeoutError,
} from '../../client/errors.js';
import { FilesError } from '../../files/errors.js';
import type { RedactScope } from '../../secrets.js';
import { inline, jsonLine, MAX_MESSAGE_CHARS, quoted } from '../../untrusted.js';
import { type Operation, splitRoute } from '../define.js';

/**
 * Turns any failure of a tool call into an `isError` result the agent can act on: status, code,
 * the API's message, and a hint about what to do next. `sent`: a mutating request went out, so
 * unless the API refused it outright the change may have been applied, and the text says so.
 * (The registrar's exit filters the text for secrets, like everything else it returns.)
 */
export function toolErrorResult(
  op: Operation,
  error: unknown,
  sent = false,
  tools: ToolCatalog,
  scope?: RedactScope,
): CallToolResult {
  const text = describe(op, error, tools, scope);
  const warn = sent && mayHaveApplied(error) ? `${mayHaveAppliedNote(op)}\n` : '';
  return { isError: true, content: [{ type: 'text', text: warn + text }] };
}

/**
 * A completed call whose answer does not fit the output schema: reported as an error result
 * (which the SDK does not validate) whose first line says the request succeeded, with the answer.
 */
export function unshapedResult(
  op: Operation,
  structured: unknown,
  error: { issues: readonly Issue[] },
): CallToolResult {
  const { method } = splitRoute(op.route);
  const first =
    method === 'GET'
      ? `The request was sent and succeeded; nothing was changed.`
      : `The request was sent and succeeded: ${op.name} was applied. Do not call it again to retry.`;
  const issue = error.issues[0];
  // The path can hold the answer's own keys: upstream text.
  const where = issue ? ` (${inline(issue.path.map(String).join('.') || 'result')}: ${issue.message})` : '';
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text: `${first}\nPaperspace's answer does not have the expected shape${where}, so it is returned as received:\n${jsonLine(structured)}`,
      },
    ],
  };
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Errors that leave open whether a sent request took effect (not the API's own 4xx refusal, nor
 * a file operation's message that says itself what it did and undid).
 */
export function mayHaveApplied(error: unknown): boolean {
  if (error instanceof FilesError && error.settled) return false;
  if (error instanceof ApiError) return error.status >= 500 || error.status === 408;
  if (error instanceof ConnectionError) return error.maybeSent;
  return !(error instanceof MissingApiKeyError);
}

function mayHaveAppliedNote(op: Operation): string {
  return `The ${op.name} request was sent, and the change may have been applied. Check the current state with a get or list tool before calling ${op.name} again.`;
}

/** `scope`: the call's secret values, filtered out of upstream text before it is cut. */
function describe(op: Operation, error: unknown, tools: ToolCatalog, scope: RedactScope | undefined): string {
  if (error instanceof ApiError)
    return `${describeApiError(error, scope)} ${hintFor(op, error, tools)}`.trim();
  if (error instanceof ResponseTooLargeError) return error.message;
  if (error instanceof MissingApiKeyError) return error.message;
  if (error instanceof TimeoutError) {
    const { method } = splitRoute(op.route);
    return method === 'GET' ? `${error.message} Nothing was changed; retry in a moment.` : error.message;
  }
  if (error instanceof ConnectionError) {
    return `${error.message} Check network access to the API (PAPERSPACE_API_URL) and retry.`;
  }
  if (error instanceof AbortedError) return 'The call was cancelled.';
  // Dataset file operations phrase their own failures (what was transferred, what to do next).
  if (error instanceof FilesError) return mentionTools(error.message, tools);
  if (error instanceof InvalidArgumentError) {
    return `Invalid arguments for ${op.name}: ${error.message} Nothing was sent.`;
  }
  // Of unknown origin (it may quote an answer): quoted as data like upstream text.
  return `Unexpected error in ${op.name}: ${quoted(error instanceof Error ? error.message : String(error), MAX_MESSAGE_CHARS, scope)}.`;
}

function hintFor(op: Operation, error: ApiError, tools: ToolCatalog): string {
  switch (error.status) {
    case 401:
      return 'Check PAPERSPACE_API_KEY: it is missing, wrong or revoked.';
    case 403:
      return 'The API key is valid but not allowed to do this (team role or resource ownership).';
    case 404:
      return notFoundHint(op, tools);
    case 429: {
      const wait = error.retryAfterSeconds;
      return wait !== undefined
        ? `Rate limited: retry after ${Math.ceil(wait)} s.`
        : 'Rate limited: wait a few seconds before retrying.';
    }
    case 400:
      return 'Fix the arguments named in the message and call again.';
    case 409:
      return 'The resource is in a conflicting state; fetch it again and retry when it allows.';
    default:
      return error.status >= 500 ? 'Paperspace had a server error; retry later.' : '';
  }
}

/** The tools a message may name: every tool there is with its toolset, and those this server offers. */
export interface ToolCatalog {
  /** Every tool of the tool table, by name, with its toolset. */
  readonly toolsetOf: ReadonlyMap<string, string>;
  /** The tools this server offers (toolsets, --tools, --read-only applied). */
  readonly offered: ReadonlySet<string>;
}

/**
 * A message that suggests tools, made true for this server: each tool it names that this server
 * does not offer is followed, once, by the toolset and the flag that loads it.
 */
export function mentionTools(text: string, tools: ToolCatalog): string {
  const told = new Set<string>();
  return text.replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, (name) => {
    const toolset = tools.toolsetOf.get(name);
    if (toolset === undefined || tools.offered.has(name) || told.has(name)) return name;
    told.add(name);
    return `${name} (not loaded on this server: it is in the ${toolset} toolset, --toolsets default,${toolset})`;
  });
}

/**
 * A 404 of a route with ids in its path is about those ids: name the list tool that finds them
 * (the longest `<prefix>_list`: datasets_versions_get → datasets_versions_list), if this server
 * offers it. Without ids in the path (creates), the missing thing is one the arguments refer to.
 */
function notFoundHint(op: Operation, tools: ToolCatalog): string {
  if (!splitRoute(op.route).path.includes('{')) {
    return 'Something the arguments refer to does not exist: check the ids in them.';
  }
  const parts = op.name.split('_');
  for (let n = parts.length - 1; n > 0; n--) {
    const candidate = `${parts.slice(0, n).join('_')}_list`;
    if (tools.toolsetOf.has(candidate)) {
      return tools.offered.has(candidate)
        ? `Check the id: ${candidate} lists what exists.`
        : 'Check the id: it does not exist or this API key cannot see it.';
    }
  }
  return 'Check the id: it does not exist or this API key cannot see it.';
}
