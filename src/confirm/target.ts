import { entityOf } from '../client/entity.js';
import { fillPath } from '../client/paths.js';
import type { Args, Entity, GatedRow, Get } from './rules.js';

/** A GET route for the target: the call's own path, then its parents, skipping lists. */
export function defaultFetch(op: GatedRow, readRoutes: ReadonlySet<string>) {
  const segments = op.route.slice(op.route.indexOf(' ') + 1).split('/');
  let template: string | undefined;
  for (let n = segments.length; n > 1 && !template; n--) {
    const candidate = segments.slice(0, n).join('/');
    if (readRoutes.has(candidate)) template = candidate;
  }
  return async (args: Args, get: Get): Promise<Entity | null | undefined> => {
    if (!template) return null;
    return entityOf(await get(fillPath(template, args)));
  };
}
