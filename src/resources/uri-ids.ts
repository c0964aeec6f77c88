import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { idProblem } from '../client/paths.js';

/**
 * An id taken from a resource URI, held to the same rule as a tool's ids (1–256 characters, no
 * control characters, not "." or ".."): it becomes a path segment of the API.
 */
export function uriId(href: string, name: string, variable: string | string[] | undefined): string {
  let value: string;
  try {
    value = decodeURIComponent(String(variable));
  } catch {
    throw invalidUri(href, `${name} is not valid percent-encoding`);
  }
  checkUriId(href, name, value);
  return value;
}

/** Refuses, naming the URI and the variable, an id that breaks the rule. */
export function checkUriId(href: string, name: string, value: string): void {
  const problem = idProblem(value);
  if (problem) throw invalidUri(href, `${name} ${problem}`);
}

const invalidUri = (href: string, why: string) =>
  new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Invalid resource URI ${JSON.stringify(href.slice(0, 300))}: ${why}.`,
  );
