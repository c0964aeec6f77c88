import { ConfigError } from '../../config/error.js';
import type { Config } from '../../config/index.js';
import { withSuggestion } from '../../config/suggest.js';
import { isOneOf } from '../../types/narrow.js';
import { READ_ONLY_KINDS } from './toolsets.js';

/** What selection looks at: an operation row or a prebuilt tool entry alike. */
export interface Selectable {
  readonly name: string;
  readonly toolset: string;
  readonly kind: string;
}

export type SelectionFlags = Pick<Config, 'toolsets' | 'tools' | 'excludeTools' | 'readOnly'>;

/**
 * The tools a server exposes: by toolset (or explicit --tools), minus --exclude-tools, and only
 * reads under --read-only. Unknown names are a start-up error listing the valid ones and the nearest.
 */
export function selectTools<T extends Selectable>(
  all: readonly T[],
  toolsets: readonly string[],
  defaults: readonly string[],
  config: SelectionFlags,
): T[] {
  const names = new Set(all.map((o) => o.name));
  const unknownTools = [...(config.tools ?? []), ...config.excludeTools].filter((n) => !names.has(n));
  if (unknownTools.length > 0) {
    throw new ConfigError(
      `Unknown tool(s): ${unknownTools.map((n) => withSuggestion(n, names)).join(', ')}. Valid tools: ${[...names].sort().join(', ')}.`,
    );
  }
  let selected: T[];
  if (config.tools) {
    const wanted = new Set(config.tools);
    selected = all.filter((o) => wanted.has(o.name));
  } else {
    const requested = config.toolsets ?? ['default'];
    // `default` stands for the default toolsets, so `--toolsets default,deployments` adds to them.
    const sets = requested.includes('all')
      ? [...toolsets]
      : requested.flatMap((s) => (s === 'default' ? [...defaults] : [s]));
    const unknown = sets.filter((s) => !toolsets.includes(s));
    if (unknown.length > 0) {
      throw new ConfigError(
        `Unknown toolset(s): ${unknown.map((n) => withSuggestion(n, ['all', 'default', ...toolsets])).join(', ')}. Valid toolsets: all, default, ${toolsets.join(', ')}.`,
      );
    }
    const wanted = new Set(sets);
    selected = all.filter((o) => wanted.has(o.toolset));
  }
  const excluded = new Set(config.excludeTools);
  return selected.filter(
    (o) => !excluded.has(o.name) && (!config.readOnly || isOneOf(READ_ONLY_KINDS, o.kind)),
  );
}
