import * as z from 'zod';
import { idProblem } from '../client/paths.js';
import type { ConfirmRule, CostClass, LocalPlan } from '../confirm/rules.js';
import type { FilesEnv } from '../files/env.js';
import type { LinkTarget } from '../resources/links.js';
import type { TaskRow } from '../tasks/row.js';
import type { Handler } from '../workflows/context.js';

/** What a row's own handler gets: API access with the caller's key, the call's signal, progress. */
export type HandlerEnv = FilesEnv;

/**
 * What a call does, from the caller's side: `read` (GET), `create`, `update`, `action` (start,
 * stop, restore …) or `delete`. The tool annotations are derived from it (see surface.ts).
 */
export type Kind = 'read' | 'create' | 'update' | 'action' | 'delete';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Route = `${Method} /${string}`;

export const TOOLSETS = [
  'auth',
  'machines',
  'machine_accessors',
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
  'workflows',
] as const;
export type ToolsetName = (typeof TOOLSETS)[number];

/**
 * One Paperspace API operation, described as data. `registerOperations()` turns every row into an
 * MCP tool; a new operation is a new row and nothing else.
 *
 * The contract tests hold every row to the committed API reference (test/contract/api-reference.json)
 * field by field: route, input field names, required flags, types, enums, formats, defaults and
 * stated bounds, and the response fields of the output. What a row has on purpose that the API
 * does not is declared on the row, so the test knows it: `composite` for tools that compose
 * several calls (they have no reference entry), `extraInputs` for input fields the API lacks.
 */
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
  /**
   * The call is gated behind a confirmation (possibly only for some arguments: see the tool's rule
   * in src/confirm/rules.ts). Every operation the API reference calls destructive is gated, and more:
   * anything that can lose data, money, access or an address, or grant privilege.
   */
  readonly gated?: true;
  /**
   * Why the call asks, or why it does not: a gated row's rule (what it guards, the target, when
   * it is dangerous, facts, undo), or `never` with the reason a write runs unconfirmed. Every
   * write row has one (operations.ts makes a missing one a type error); docs/SECURITY.md lists them.
   */
  readonly confirm?: ConfirmRule | { readonly never: string };
  /**
   * The call changes what runs and so what is billed: checked against --max-hourly-spend before
   * it is sent (and before a preview), and its result states the hourly cost. `machine-create`
   * also takes the operator's default auto-shutdown; a `deployment`'s cost goes into its preview.
   */
  readonly cost?: CostClass;
  /** Overrides the method-derived idempotentHint (POST/PATCH actions that are safe to repeat). */
  readonly idempotent?: boolean;
  /**
   * The row names a dataset version by `datasetId` + `version`, and also accepts the Gradient
   * CLI's `datasetId:version` in datasetId (version omitted); the registrar splits it.
   */
  readonly legacyVersionId?: true;
  /** The tool composes several API calls (waiting, costs, batches, files): no reference entry. */
  readonly composite?: true;
  /**
   * Input fields that are not the API's, each with the reason it exists (e.g. a local `sourcePath`).
   * The registrar's own `confirm` needs no entry. Extra inputs never reach the API request unless
   * the row's handler sends them.
   */
  readonly extraInputs?: Readonly<Record<string, string>>;
  /**
   * For rows whose work is not the route's one API request (dataset files on S3, create-and-upload):
   * runs in its place, after the legacy-id split, `prepare` and the confirmation gate; its answer is
   * shaped and linked like an API response. The route names the resource and sets the annotations.
   */
  readonly execute?: (args: Record<string, unknown>, env: HandlerEnv, plan?: LocalPlan) => Promise<unknown>;
  /**
   * Runs before the confirmation and plans the local side of the call (the files of an upload or
   * a download, with their digest): the plan travels beside the arguments, the confirmation is
   * bound to it, and `execute` gets it. `planned`: a plan made already (batch_run plans its items
   * before their confirmation), which is kept.
   */
  readonly prepare?: (
    args: Record<string, unknown>,
    env: HandlerEnv,
    planned?: LocalPlan,
  ) => Promise<LocalPlan | undefined>;
  /** Response keys (at any depth) whose values are replaced by "[redacted]", on top of the global ones. */
  readonly redact?: readonly string[];
  /**
   * The row's payloads are `{ name, value }` objects whose `value` is a secret (the secrets
   * tools): the values in its arguments and results are filtered as secrets.
   */
  readonly secretObjects?: true;
  /**
   * The resources its result items name, each linked (`resource_link`): datasets, their versions,
   * or files of a version. A row with links that writes also changes those resources, so their
   * subscribers hear of it.
   */
  readonly links?: LinkTarget;
  /**
   * Result keys that carry the user's own content (a file's text): returned as they are, without
   * name-pattern redaction; known secret values are still replaced (and the row refuses content
   * that holds one before it gets here).
   */
  readonly verbatim?: readonly string[];
  /**
   * Composes client calls instead of sending the one request of `route` (composite rows, and list
   * rows with client-side filters). A composite row's `route` is its principal request, which only
   * sets the annotations.
   */
  readonly handler?: Handler;
  /** The row can run as a task (2026-07-28 clients with the tasks extension); nothing else decides it. */
  readonly task?: TaskRow;
}

/** A composite row: not one API operation, so the reference does not list it. */
export const isComposite = (op: Operation) => op.composite === true;

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
/** A boolean that also accepts "true"/"false"; `apiDefault` is the reference's default (see `byDefault`). */
export const bool = (apiDefault?: boolean) =>
  z.preprocess(toBoolean, apiDefault === undefined ? z.boolean() : byDefault(z.boolean(), apiDefault));

/** A nullable boolean that also accepts "true"/"false", with the reference's default if it states one. */
export const nullableBool = (apiDefault?: boolean | null) =>
  z.preprocess(
    toBoolean,
    apiDefault === undefined ? z.boolean().nullable() : byDefault(z.boolean().nullable(), apiDefault),
  );

/**
 * Declares the default the API reference states, as a JSON Schema `default` annotation only: the
 * parsed value is what the caller sent (zod's `.default()` would inject it into the request).
 */
export const byDefault = <T extends z.ZodType>(schema: T, value: z.input<T> | null) =>
  schema.meta({ default: value });

/** "machine" → "Machine": field descriptions built from a noun start with a capital. */
export const capitalized = (what: string) => what.charAt(0).toUpperCase() + what.slice(1);

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A string the reference types as a UUID, stated as `format: uuid`. The pattern is checked, not
 * advertised: zod would spell out its 90-character expression beside the format on every use.
 */
export const uuidString = () =>
  z
    .string()
    .refine((value) => UUID.test(value), 'must be a UUID')
    .meta({ format: 'uuid' });

/** An id the reference types as a UUID (deployments, project activity). */
export const uuid = (what: string) => uuidString().describe(`${capitalized(what)} id`);

/**
 * An opaque id: 1–256 characters, no control characters, not "." or ".." (see `idProblem`; the
 * registrar holds every path parameter to the same rule). The length is checked, not advertised,
 * to keep tools/list small: the description says what the field is.
 */
export const id = (what: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = idProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
    })
    .describe(`${capitalized(what)} id`);

/** A string that is not empty: checked, not advertised, like the length of an `id`. */
const nonEmpty = () => z.string().refine((value) => value.length > 0, 'must not be empty');

/**
 * The four cursor-paging fields every paginated list takes, with the API's names, ranges and
 * defaults (the first `orderBy` value is the API's default; `order` defaults to desc).
 */
export function pageFields<const O extends readonly [string, ...string[]]>(
  orderBy: O,
  after: z.ZodString = nonEmpty(),
) {
  return {
    after: after.optional().describe(PAGING.after),
    limit: num(z.number().int().min(1).max(120)).optional().describe(PAGING.limit),
    orderBy: byDefault(z.enum(orderBy), orderBy[0]).optional().describe('Sort by'),
    order: byDefault(z.enum(['asc', 'desc']), 'desc')
      .optional()
      .describe('Sort order'),
  };
}

/** The words for a cursor and a page size, also for lists paged by the server itself (files). */
export const PAGING = { after: 'nextPage', limit: 'Page size' } as const;

/**
 * The `confirm` field of a tool that can ask for a confirmation: the token of the request it
 * answers (see src/confirm/engine.ts). The same words on every tool that takes it.
 */
export const confirmField = () => z.string().optional().describe('Confirmation token');

/** Output of a paginated list: the page and how to continue. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    items: z.array(item),
    hasMore: z.boolean(),
    nextPage: z.string().nullish(),
  });
}

/** A loose object: the named fields are typed, anything else the API adds passes through. */
export const entity = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);

/** Strict input objects: an unknown field is an error that names it, not something silently dropped. */
export const input = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape);

/** `dtDeleted` comes back as a date, null, or (in the reference's own samples) `{}`: any value. */
export const dtDeleted = z.unknown().optional();
