import { badRequest } from './errors.js';

export interface PageQuery {
  after?: string | undefined;
  limit?: string | undefined;
  orderBy?: string | undefined;
  order?: string | undefined;
}

/**
 * Cursor paging as the API does it: `limit` (default 20), `orderBy` (the first allowed field by
 * default), `order` asc|desc (default desc), `after` = the previous page's opaque `nextPage`.
 * validateRequest has held the values to the API reference's ranges and enums.
 */
export function paginate<T extends Record<string, unknown>>(
  all: Iterable<T>,
  query: PageQuery,
  orderFields: readonly string[] = ['dtCreated'],
  defaultLimit = 20,
): { items: T[]; hasMore: boolean; nextPage?: string } {
  const limit = query.limit === undefined ? defaultLimit : Number(query.limit);
  const orderBy = query.orderBy ?? orderFields[0] ?? 'dtCreated';
  const order = query.order === 'asc' ? 1 : -1;
  let offset = 0;
  if (query.after !== undefined) {
    const decoded = decodeCursor(query.after);
    if (decoded === undefined) throw badRequest('Invalid cursor in after');
    offset = decoded;
  }
  const sorted = [...all].sort((a, b) => compare(a[orderBy], b[orderBy]) * order);
  const items = sorted.slice(offset, offset + limit);
  const hasMore = offset + limit < sorted.length;
  return hasMore ? { items, hasMore, nextPage: encodeCursor(offset + limit) } : { items, hasMore };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return String(a) < String(b) ? -1 : 1;
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^o:(\d+)$/.exec(text);
  return match ? Number(match[1]) : undefined;
}
