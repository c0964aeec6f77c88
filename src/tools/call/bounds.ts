/**
 * Bounds every tool's arguments keep, whatever the row's schema says. They are checked on the raw
 * arguments, before the schema sees them: zod silently drops a `__proto__` key, and a value nested
 * thousands of levels deep passes a schema that stops at `unknown` only to overflow the stack
 * where it is serialised for the API. The walk is iterative, so no input can overflow it.
 */
export const ARGUMENT_BOUNDS = {
  /** Levels of objects and arrays, the arguments object included. */
  depth: 32,
  /** Object properties and array items in all. */
  values: 10_000,
  /** Characters of any one string (values and keys). */
  stringLength: 65_536,
} as const;

/** Keys that address an object's prototype: refused anywhere in the arguments. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ArgumentIssue {
  message: string;
  /** Where: the field's path (property names and array indexes). */
  path: PropertyKey[];
}

/** The first bound the arguments break, or undefined when they keep them all. */
export function argumentIssue(args: unknown): ArgumentIssue | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: args, path: [] }];
  let values = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof value === 'string') {
      if (value.length > ARGUMENT_BOUNDS.stringLength) {
        return { path, message: `longer than ${ARGUMENT_BOUNDS.stringLength} characters, the most accepted` };
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= ARGUMENT_BOUNDS.depth) {
      return {
        path: path.slice(0, 1),
        message: `nested deeper than ${ARGUMENT_BOUNDS.depth} levels of objects and arrays, the most accepted`,
      };
    }
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
    values += entries.length;
    if (values > ARGUMENT_BOUNDS.values) {
      return {
        path: path.slice(0, 1),
        message: `more than ${ARGUMENT_BOUNDS.values} values (properties and array items) in the arguments, the most accepted`,
      };
    }
    for (const [key, child] of entries) {
      if (typeof key === 'string' && PROTOTYPE_KEYS.has(key)) {
        return {
          path,
          message: `the key "${key}" is refused (__proto__, constructor and prototype are never accepted as keys)`,
        };
      }
      if (typeof key === 'string' && key.length > ARGUMENT_BOUNDS.stringLength) {
        return {
          path,
          message: `a key longer than ${ARGUMENT_BOUNDS.stringLength} characters, the most accepted`,
        };
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}

/** A Standard Schema validator: what the tools/call handler runs on a call's arguments. */
export interface Validator {
  '~standard': { validate(value: unknown): unknown };
}

const bounded = new WeakMap<Validator, Validator>();

/**
 * A tool's input validator that first holds the arguments to ARGUMENT_BOUNDS, then validates them
 * with the row's schema. Wrapped once per schema and process (a stateless HTTP server is built per
 * request).
 */
export function withArgumentBounds(schema: Validator): Validator {
  let wrapped = bounded.get(schema);
  if (wrapped === undefined) {
    const std = schema['~standard'];
    wrapped = {
      '~standard': {
        validate: (value: unknown) => {
          const issue = argumentIssue(value);
          return issue
            ? { issues: [{ message: issue.message, path: issue.path.map(shortKey) }] }
            : std.validate(value);
        },
      },
    };
    bounded.set(schema, wrapped);
  }
  return wrapped;
}

/** Keys are echoed in errors: a long one is cut, so an error stays readable. */
const shortKey = (key: PropertyKey) =>
  typeof key === 'string' && key.length > 64 ? `${key.slice(0, 64)}…` : key;
