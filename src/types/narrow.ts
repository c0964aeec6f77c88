/** Narrowing for values of unknown shape: JSON bodies, parsed arguments, caught errors. */

/** A JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `values.includes(value)` that narrows `value` to the list's type. */
export const isOneOf = <T>(values: readonly T[], value: unknown): value is T =>
  values.some((v) => v === value);

/** The `code` of a Node.js system error (ENOENT, ECONNREFUSED …) as a string, if it has one. */
export const errorCode = (error: unknown): string | undefined =>
  isRecord(error) && typeof error.code === 'string' ? error.code : undefined;

/** An error's message, or the thrown value as text. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The value when it is a string (an argument a schema has checked, an optional field). */
export const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** The value when it is a number. */
export const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

/** The strings of a list (none when it is no list). */
export const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
