/** Narrowing for values of unknown shape: JSON bodies, stored rows, caught errors. */

export type Row = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `values.includes(value)` that narrows `value` to the list's type. */
export const isOneOf = <T>(values: readonly T[], value: unknown): value is T =>
  values.some((v) => v === value);

/** The `code` of a Node.js system error (ENOENT, EEXIST …), if it has one. */
export const errorCode = (error: unknown): unknown => (isRecord(error) ? error.code : undefined);

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
