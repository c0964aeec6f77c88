import type { Store } from './store.js';

export interface SandboxRequest {
  method: string;
  /** Path below /v1, e.g. `/machines/ps123`. */
  path: string;
  /** Decoded path parameters of the matched route. */
  params: Record<string, string>;
  /** Query string values (the first of repeated keys). */
  query: Record<string, string>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
}

/** A path parameter of the matched route (`{id}` → `param(req, 'id')`); its route always has it. */
export function param(req: SandboxRequest, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new Error(`The route ${req.path} has no {${name}}`);
  return value;
}

/** Returns the JSON body of a 200 answer; throws a SandboxHttpError for an API error. */
export type Handler = (req: SandboxRequest, store: Store) => unknown;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The API reference's path template, e.g. `/machines/{id}/stop`. */
  path: string;
  handler: Handler;
  /** True for the one operation the API serves without a bearer (List OS templates). */
  public?: boolean;
}

/** A route of the simulated API: the reference's method and path template, and its handler. */
export const route = (method: RouteDef['method'], path: string, handler: Handler): RouteDef => ({
  method,
  path,
  handler,
});

/** What an area of the simulated API contributes: its routes. */
export interface SandboxArea {
  routes: RouteDef[];
}

interface CompiledRoute extends RouteDef {
  regex: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(route: RouteDef): void {
    const names: string[] = [];
    const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ ...route, regex: new RegExp(`^${source}$`), names });
  }

  /**
   * Finds the route for a request. Literal routes win over parameterised ones
   * (`/storage-providers/utilization` before `/storage-providers/{id}`).
   */
  match(
    method: string,
    path: string,
  ): { route: RouteDef; params: Record<string, string> } | 'method' | undefined {
    const candidates = this.routes
      .map((route) => ({ route, m: route.regex.exec(path) }))
      .filter(({ m }) => m !== null)
      .sort((a, b) => a.route.names.length - b.route.names.length);
    for (const { route, m } of candidates) {
      if (route.method !== method) continue;
      const values = m?.slice(1).map((v) => decodeURIComponent(v)) ?? [];
      return { route, params: Object.fromEntries(route.names.map((name, i) => [name, values[i] ?? ''])) };
    }
    return candidates.length > 0 ? 'method' : undefined;
  }
}
