import type { PaperspaceClient } from './client.js';

/** One page of a cursor-paginated list: pass `nextPage` back as `after` to continue. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
  nextPage?: string | null;
}

export interface PaginateOptions {
  query?: Record<string, unknown>;
  /** Page size sent as `limit` (1..120). */
  pageSize?: number;
  /** Hard bound on pages fetched: nothing walks a list without one. */
  maxPages: number;
  signal?: AbortSignal;
  apiKey?: string;
}

/** Walks a paginated list page by page, lazily, stopping at the end or after `maxPages`. */
export async function* paginate<T>(
  client: PaperspaceClient,
  path: string,
  options: PaginateOptions,
): AsyncGenerator<Page<T>> {
  let after: string | undefined;
  for (let n = 0; n < options.maxPages; n++) {
    const page = await client.request<Page<T>>({
      method: 'GET',
      path,
      query: { ...options.query, limit: options.pageSize, after },
      signal: options.signal,
      apiKey: options.apiKey,
    });
    yield page;
    if (!page.hasMore || !page.nextPage) return;
    after = page.nextPage;
  }
}
