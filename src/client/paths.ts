import { InvalidArgumentError } from './errors.js';
import type { ApiRoute } from './routes.js';

/** The path part of a route: `'GET /machines/{id}'` → `'/machines/{id}'`. */
export type PathOf<R extends string> = R extends `${string} ${infer P}` ? P : never;

/** Every path template of the API reference (src/client/routes.ts). */
export type ApiPathTemplate = PathOf<ApiRoute>;

type ParamNames<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** The parameters a template names, each a string: `'/machines/{id}'` → `{ id: string }`. */
export type PathParams<T extends string> = { readonly [Name in ParamNames<T>]: string };

/**
 * A path below the API base, filled from a template by `apiPath` (its ids encoded and checked):
 * the only kind of path the API accessor sends a request to.
 */
export type ApiPath = string & { readonly __filledFrom: 'apiPath' };

/** Longest id accepted (Paperspace's ids are short; names used as ids stay far below). */
export const MAX_ID_LENGTH = 256;

// C0 and C1 control characters and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a value cannot be an id (a path segment of the API, or a resource URI's id), or undefined
 * when it can: 1–256 characters, no control characters, and not "." or ".." (which URL resolution
 * would turn into another path). Path segments are percent-encoded, so any other character is safe.
 */
export function idProblem(value: string): string | undefined {
  const allowed = `an id of 1–${MAX_ID_LENGTH} characters without control characters, not "." or ".."`;
  if (value.length === 0) return `must be ${allowed}; it is empty`;
  if (value.length > MAX_ID_LENGTH) return `must be ${allowed}; it has ${value.length} characters`;
  if (value === '.' || value === '..') return `must be ${allowed}; it is "${value}"`;
  if (CONTROL.test(value)) return `must be ${allowed}; it contains a control character`;
  return undefined;
}

/**
 * A path of the API reference, filled: each `{name}` of the template is replaced by its parameter,
 * type-checked against the template. See `fillPath`.
 */
export function apiPath<T extends ApiPathTemplate>(
  template: T,
  ...[params]: [ParamNames<T>] extends [never] ? [] : [PathParams<T>]
): ApiPath {
  return fillPath(template, params ?? {});
}

/**
 * The one place an API path is made: each `{name}` of the template is replaced by its parameter,
 * held to the id rule (`idProblem`) and percent-encoded. Rows (whose routes are data) call it
 * directly; code names its template through `apiPath`. Throws InvalidArgumentError, naming the
 * parameter, before anything is sent.
 */
export function fillPath(template: string, params: Readonly<Record<string, unknown>>): ApiPath {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    const text = value === undefined || value === null ? '' : String(value);
    const problem = idProblem(text);
    if (problem) throw new InvalidArgumentError(`${name} ${problem}.`);
    return encodeURIComponent(text);
  });
  return filled as ApiPath;
}

/** The names a template fills (`'/teams/{teamId}/users/{userId}'` → teamId, userId). */
export const paramNames = (template: string): string[] =>
  [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
