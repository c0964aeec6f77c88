import { type Operation, splitRoute } from '../tools/define.js';
import type { Args, Entity, Get } from './rules.js';

/** A GET route for the target: the call's own path, then its parents, skipping lists. */
export function defaultFetch(op: Operation, readRoutes: ReadonlySet<string>) {
  const segments = splitRoute(op.route).path.split('/');
  let template: string | undefined;
  for (let n = segments.length; n > 1 && !template; n--) {
    const candidate = segments.slice(0, n).join('/');
    if (readRoutes.has(candidate)) template = candidate;
  }
  return async (args: Args, get: Get): Promise<Entity | null | undefined> => {
    if (!template) return null;
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(String(args[name] ?? '')),
    );
    return (await get(path)) as Entity | undefined;
  };
}
