import { type Selectable, type SelectionFlags, selectTools } from './selection.js';
import { DEFAULT_TOOLSETS, TOOLSETS } from './toolsets.js';

/** The operation rows a server exposes under these flags (see selectTools). */
export function selectOperations<T extends Selectable>(all: readonly T[], config: SelectionFlags): T[] {
  return selectTools(all, TOOLSETS, DEFAULT_TOOLSETS, config);
}
