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

/** What an area of the simulated API contributes: its routes and a little realistic seed data. */
export interface SandboxArea {
  routes: RouteDef[];
  seed?: (store: Store) => void;
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
    let pathMatched = false;
    const candidates = this.routes
      .filter((r) => r.regex.test(path))
      .sort((a, b) => a.names.length - b.names.length);
    for (const route of candidates) {
      pathMatched = true;
      if (route.method !== method) continue;
      const m = route.regex.exec(path) as RegExpExecArray;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] as string);
      });
      return { route, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}
