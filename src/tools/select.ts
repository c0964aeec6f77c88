import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { type Operation, TOOLSETS, type ToolsetName } from './define.js';
import { DEFAULT_TOOLSETS } from './toolsets.js';

/**
 * The operations a server exposes: by toolset (or explicit --tools), minus --exclude-tools,
 * and only reads under --read-only. Unknown names are a start-up error listing the valid ones.
 */
export function selectOperations(
  all: readonly Operation[],
  config: Pick<Config, 'toolsets' | 'tools' | 'excludeTools' | 'readOnly'>,
): Operation[] {
  const names = new Set(all.map((o) => o.name));
  const unknownTools = [...(config.tools ?? []), ...config.excludeTools].filter((n) => !names.has(n));
  if (unknownTools.length > 0) {
    throw new ConfigError(
      `Unknown tool(s): ${unknownTools.join(', ')}. Valid tools: ${[...names].sort().join(', ')}.`,
    );
  }
  let selected: Operation[];
  if (config.tools) {
    const wanted = new Set(config.tools);
    selected = all.filter((o) => wanted.has(o.name));
  } else {
    const requested = config.toolsets ?? ['default'];
    // `default` stands for the default toolsets, so `--toolsets default,deployments` adds to them.
    const sets = requested.includes('all')
      ? [...TOOLSETS]
      : requested.flatMap((s) => (s === 'default' ? [...DEFAULT_TOOLSETS] : [s]));
    const unknown = sets.filter((s) => !(TOOLSETS as readonly string[]).includes(s));
    if (unknown.length > 0) {
      throw new ConfigError(
        `Unknown toolset(s): ${unknown.join(', ')}. Valid toolsets: all, default, ${TOOLSETS.join(', ')}.`,
      );
    }
    const wanted = new Set(sets as ToolsetName[]);
    selected = all.filter((o) => wanted.has(o.toolset));
  }
  const excluded = new Set(config.excludeTools);
  return selected.filter((o) => !excluded.has(o.name) && (!config.readOnly || o.kind === 'read'));
}
