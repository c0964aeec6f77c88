import type { PaperspaceClient, RetryInfo } from './client.js';
import { NotFoundError } from './errors.js';
import type { ApiPath } from './paths.js';

export type Query = Readonly<Record<string, unknown>>;
export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One page of a cursor-paginated list: pass `nextPage` back as `after` to continue. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
  nextPage: string | null;
}

/** How far a list is walked: nothing walks one without a bound on its pages. */
export interface Paging {
  maxPages: number;
  /** Sent as `limit` (1..120); the API's default when left out. */
  pageSize?: number;
}

/** A request that can change something, as it left: what "may have been applied" messages read. */
export interface Sent {
  method: string;
  path: string;
  /** Epoch ms. */
  at: number;
}

/** The requests of one call that can change something: API requests and storage writes alike. */
export class SendRecord {
  readonly sent: Sent[] = [];

  note(method: string, path: string): void {
    this.sent.push({ method, path, at: Date.now() });
  }

  get any(): boolean {
    return this.sent.length > 0;
  }
}

/**
 * The Paperspace API as one caller sees it during one call: its key, the call's signal and retry
 * progress, and the record of what it sent. Paths come from `apiPath` only.
 */
export interface Api {
  get<T = unknown>(path: ApiPath, query?: Query): Promise<T>;
  /** `get`, resolving undefined when the API answers 404. */
  find<T = unknown>(path: ApiPath, query?: Query): Promise<T | undefined>;
  /** The pages of a list, lazily, following `nextPage` until the end or `paging.maxPages`. */
  list<T = unknown>(path: ApiPath, query: Query, paging: Paging): AsyncGenerator<Page<T>>;
  /** Every item of the pages `list` walks; `complete` is false when the bound cut the list short. */
  collect<T = unknown>(
    path: ApiPath,
    query: Query,
    paging: Paging,
  ): Promise<{ items: T[]; complete: boolean }>;
  send<T = unknown>(method: WriteMethod, path: ApiPath, body?: unknown): Promise<T>;
  /**
   * The same API on another signal (undefined: none) and without this call's retry progress: for
   * work that must outlive the call's cancellation (a clean-up) or that several calls share (a poll).
   * Its requests still go into this call's record.
   */
  on(signal: AbortSignal | undefined): Api;
  readonly record: SendRecord;
}

export interface ApiOptions {
  /** The caller's key; the client's own when undefined. */
  apiKey?: string | undefined;
  signal?: AbortSignal | undefined;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  record?: SendRecord;
}

/** The API accessor over the shared client, bound to one caller and call. */
export function apiOf(client: PaperspaceClient, options: ApiOptions = {}): Api {
  const record = options.record ?? new SendRecord();
  const { apiKey, signal, onRetry } = options;
  const get = <T>(path: ApiPath, query?: Query) =>
    client.request<T>({ method: 'GET', path, query, signal, apiKey, onRetry });
  const list = <T>(path: ApiPath, query: Query, paging: Paging) => pagesOf<T>(get, path, query, paging);
  return {
    get,
    find: <T>(path: ApiPath, query?: Query) =>
      get<T>(path, query).catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
    list,
    collect: <T>(path: ApiPath, query: Query, paging: Paging) => collectPages(list<T>(path, query, paging)),
    send: <T>(method: WriteMethod, path: ApiPath, body?: unknown) => {
      record.note(method, path);
      return client.request<T>({ method, path, body, signal, apiKey, onRetry });
    },
    on: (other) => apiOf(client, { apiKey, signal: other, record }),
    record,
  };
}

/** A GET of one page; a 404 may read as undefined (an empty last page). */
export type PageGetter = (path: ApiPath, query: Query) => Promise<unknown>;

/**
 * The one paging walk: the pages of a list, lazily, following `nextPage` as `after` until the end
 * or `paging.maxPages`. `Api.list` walks with its own GET; code holding only a GET function (the
 * confirmation rules) walks with that.
 */
export async function* pagesOf<T>(
  get: PageGetter,
  path: ApiPath,
  query: Query,
  paging: Paging,
): AsyncGenerator<Page<T>> {
  // The query's own cursor, if any, is where the walk starts.
  let after = typeof query.after === 'string' ? query.after : undefined;
  for (let n = 0; n < paging.maxPages; n++) {
    const page = pageOf<T>(await get(path, { ...query, limit: paging.pageSize, after }));
    yield page;
    if (!page.hasMore || !page.nextPage) return;
    after = page.nextPage;
  }
}

/** Every item of the pages; `complete` is false when the walk's bound cut the list short. */
export async function collectPages<T>(
  pages: AsyncIterable<Page<T>>,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let last: Page<T> | undefined;
  for await (const page of pages) {
    items.push(...page.items);
    last = page;
  }
  return { items, complete: !last?.hasMore || !last.nextPage };
}

/** A page as the API sent it, with what is missing or malformed read as an empty last page. */
function pageOf<T>(answer: unknown): Page<T> {
  const page: { items?: unknown; hasMore?: unknown; nextPage?: unknown } =
    answer !== null && typeof answer === 'object' ? answer : {};
  return {
    items: Array.isArray(page.items) ? page.items : [],
    hasMore: page.hasMore === true,
    nextPage: typeof page.nextPage === 'string' ? page.nextPage : null,
  };
}
