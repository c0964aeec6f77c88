import { stringsOf } from '../types/narrow.js';

/**
 * One configuration setting, declared once: its flag and environment variable, how its value is
 * read, its default, its one-line doc, and whether the MCP Bundle asks for it. Parsing, --help,
 * docs/CONFIGURATION.md and the bundle's user_config are all derived from these declarations.
 */

/** How the setting appears in the MCP Bundle's install dialog (scripts/mcpb.mjs). */
export interface BundleField {
  /** user_config key, e.g. `api_key`. */
  id: string;
  title: string;
  type: 'string' | 'boolean' | 'directory';
  /** Shown under the field; the option's doc when not given. */
  description?: string;
  sensitive?: boolean;
  /** The field's initial value, when it is not the option's own default. */
  default?: string | boolean;
}

export type OptionKind = 'boolean' | 'string' | 'repeatable';

/**
 * What the loader hands an option: a flag's value (a boolean flag is `true`, a repeated flag a
 * list) or an env var's text.
 */
export type Given = string | boolean | readonly (string | boolean)[];

export interface Option<K extends string = string, T = unknown> {
  /** The Config field. */
  readonly key: K;
  /** Command-line flag without the dashes, e.g. `read-only`. */
  readonly flag?: string;
  readonly short?: string;
  readonly env?: string;
  readonly kind: OptionKind;
  /** Placeholder after the flag in --help and docs, e.g. `<file>`. */
  readonly arg?: string;
  /** The default as a person reads it; empty when there is none worth stating. */
  readonly shownDefault: string;
  /** The value when nothing is given. */
  readonly fallback: unknown;
  /** One line: what it does. Markdown code spans (`x`) are kept in docs and dropped in --help. */
  readonly doc: string;
  readonly bundle?: BundleField;
  /** Never printed (its value is pinned in the exit filter). */
  readonly secret?: boolean;
  /** The value from what was given (undefined: nothing was), checked; `name` is the flag or variable. */
  readonly read: (given: Given | undefined, name: string) => T;
}

interface Common {
  flag?: string;
  short?: string;
  env?: string;
  arg?: string;
  doc: string;
  bundle?: BundleField;
  secret?: boolean;
  /** Overrides the shown default (otherwise derived from `default`). */
  shown?: string;
}

/** A literal default, as a Markdown code span; nothing for none. */
const shownOf = (value: unknown): string =>
  value === undefined || (Array.isArray(value) && value.length === 0) ? '' : `\`${String(value)}\``;

/** An on/off setting: the flag alone turns it on; the variable takes a boolean word (values.ts). */
export function flagOption<const K extends string>(key: K, spec: Common): Option<K, boolean> {
  return {
    ...spec,
    key,
    kind: 'boolean',
    shownDefault: spec.shown ?? 'off',
    fallback: false,
    read: (given) => given === true,
  };
}

/** A setting with one text value, parsed by `parse`; `default` when not given. */
export function textOption<const K extends string, T, const D extends T | undefined>(
  key: K,
  spec: Common & { default: D; parse: (value: string, name: string) => T },
): Option<K, T | D> {
  const { parse, default: fallback, ...rest } = spec;
  return {
    ...rest,
    key,
    kind: 'string',
    shownDefault: spec.shown ?? shownOf(fallback),
    fallback,
    read: (given, name) => (given === undefined ? fallback : parse(String(given), name)),
  };
}

/** A flag that may be repeated; its variable holds several values split by `split`. */
export function repeatableOption<const K extends string, T>(
  key: K,
  spec: Common & {
    default: T;
    split: (value: string) => string[];
    parse: (values: string[], name: string) => T;
  },
): Option<K, T> {
  const { parse, split, default: fallback, ...rest } = spec;
  return {
    ...rest,
    key,
    kind: 'repeatable',
    shownDefault: spec.shown ?? shownOf(fallback),
    fallback,
    read: (given, name) => {
      if (given === undefined) return fallback;
      const values = typeof given === 'string' ? split(given) : stringsOf(given);
      return parse(values, name);
    },
  };
}

/** `--flag <arg>` or the variable, as docs name the option. */
export const optionName = (option: Pick<Option, 'flag' | 'env'>): string =>
  option.flag ? `--${option.flag}` : String(option.env);
