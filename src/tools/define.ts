import * as z from 'zod';
import { idProblem } from '../client/paths.js';

export {
  type Before,
  type CallTask,
  DEFAULT_POLL_INTERVALS_MS,
  type ExposedRow,
  errorOf,
  type Handler,
  type HandlerEnv,
  type Held,
  isComposite,
  type Kind,
  type Method,
  type Operation,
  type OwnRoute,
  type Route,
  resultOf,
  type SettleTo,
  splitRoute,
  type TaskRow,
  type ToolContext,
  type WorkflowSettings,
} from './operation.js';

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
