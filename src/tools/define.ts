import * as z from 'zod';
import { idProblem } from './bounds.js';

/**
 * One Paperspace API operation, described as data. `registerOperations()` turns every row into an
 * MCP tool; a new operation is a new row and nothing else.
 */
export type Kind = 'read' | 'create' | 'update' | 'action' | 'delete';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Route = `${Method} /${string}`;

export const TOOLSETS = [
  'auth',
  'machines',
  'custom_templates',
  'snapshots',
  'startup_scripts',
  'public_ips',
  'private_networks',
  'shared_drives',
  'container_registries',
  'projects',
  'deployments',
  'datasets',
  'models',
  'storage',
  'teams',
] as const;
export type ToolsetName = (typeof TOOLSETS)[number];

export interface Operation {
  /** Tool name: the catalog id, `^[a-z][a-z0-9_]{0,63}$`. */
  readonly name: string;
  readonly toolset: ToolsetName;
  readonly title: string;
  /** 1–3 sentences: what it does, when to use it, what comes back, the related tool. */
  readonly description: string;
  readonly kind: Kind;
  /** `METHOD /path/{param}`: path params are filled from the input field of the same name. */
  readonly route: Route;
  /**
   * Input fields under their API names. Path params fill the route; the rest go to the query
   * string for GET/DELETE and to the JSON body otherwise. Build it once, at module scope.
   */
  readonly input: z.ZodObject;
  /** Schema of `structuredContent` (always an object; see `wrap`). Build it once, at module scope. */
  readonly output: z.ZodType;
  /**
   * For operations whose answer is not always an object (an array, or object-or-array): the
   * answer is always returned as `{ [wrap]: response }`, so structured output has one shape.
   */
  readonly wrap?: 'items' | 'data';
  /** The catalog's `destructive: true`: the call is gated behind a confirmation. */
  readonly destructive?: true;
  /** Overrides the method-derived idempotentHint (POST/PATCH actions that are safe to repeat). */
  readonly idempotent?: boolean;
  /**
   * The row names a dataset version by `datasetId` + `version`, and also accepts the Gradient
   * CLI's `datasetId:version` in datasetId (version omitted); the registrar splits it.
   */
  readonly legacyVersionId?: true;
  /** Response keys (at any depth) whose values are replaced by "[redacted]", on top of the global ones. */
  readonly redact?: readonly string[];
}

/** Extracts method and path of a route. */
export function splitRoute(route: Route): { method: Method; path: string } {
  const space = route.indexOf(' ');
  return { method: route.slice(0, space) as Method, path: route.slice(space + 1) };
}

// ---- shared field builders --------------------------------------------------------------------
// Clients (and models) often send numbers and booleans as strings: accept "5" and "true".

const toNumber = (v: unknown) =>
  typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
const toBoolean = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);

/**
 * Every number this API takes is a size, count, duration, port or page limit: finite, 0 or more,
 * and whole unless the row says `fractional`. The row's schema adds the API's own bounds. These
 * are checked, not advertised (zod would spell out ±2^53 for every whole number in tools/list).
 * Also accepts the number's string form.
 */
export const num = <T extends z.ZodNumber>(schema: T, options: { fractional?: true } = {}) =>
  z.preprocess((value, ctx) => {
    const n = toNumber(value);
    if (typeof n !== 'number') return n;
    const whole = options.fractional ? '' : 'whole ';
    if (!Number.isFinite(n) || n < 0 || !(options.fractional || Number.isInteger(n))) {
      ctx.addIssue({ code: 'custom', input: value, message: `must be a finite ${whole}number, 0 or more` });
    }
    return n;
  }, schema);
/** A boolean that also accepts "true"/"false". */
export const bool = () => z.preprocess(toBoolean, z.boolean());

/**
 * An opaque id: 1–256 characters, no control characters, not "." or ".." (see `idProblem`; the
 * registrar holds every path parameter to the same rule). The length is checked, not advertised,
 * to keep tools/list small.
 */
export const id = (what: string) =>
  z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const problem = idProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
    })
    .describe(`${what} id`);

/**
 * The four cursor-paging fields every paginated list takes, with the API's names and ranges. They
 * carry no descriptions: the server's instructions say once that `after` takes `nextPage` and
 * that the order defaults to newest first.
 */
export function pageFields<const O extends readonly [string, ...string[]]>(orderBy: O) {
  return {
    after: z.string().min(1).optional(),
    limit: num(z.number().int().min(1).max(120)).optional(),
    orderBy: z.enum(orderBy).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  };
}

/** Output of a paginated list: the page and how to continue. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    hasMore: z.boolean(),
    nextPage: z.string().nullish(),
  });
}

/** A loose object: the named fields are typed, anything else the API adds passes through. */
export const entity = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);

/** Result of the async machine operations: `{ event, data }`; poll the event with machine_events_get. */
export const eventResult = <T extends z.ZodType>(data: T) =>
  z.looseObject({ event: z.looseObject({ id: z.string() }).nullish(), data });

/** Strict input objects: an unknown field is an error that names it, not something silently dropped. */
export const input = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape);

export const dateTime = z.string();
