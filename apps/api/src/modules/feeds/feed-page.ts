import { type CursorPageMeta, encodeCursor, type FeedPosition } from '@showfloor/contracts';

/**
 * Rows strictly older than `position` in (createdAt, id) order: the next page of a newest-first
 * list. The `lte` bound says the same as the OR for PostgreSQL's planner: it becomes an index
 * condition, so a page deep in a long feed starts at its position instead of filtering every newer row.
 */
export function olderThan(position: FeedPosition | undefined) {
  if (position === undefined) return {};
  return {
    AND: [
      { createdAt: { lte: position.createdAt } },
      {
        OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }],
      },
    ],
  };
}

/** Newest first by (createdAt, id): a total order even when rows share a millisecond. */
export const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Cuts the one extra row a page asks for, to learn whether an older page exists. */
export function toPage<T extends FeedPosition>(rows: T[], limit: number): { items: T[]; meta: CursorPageMeta } {
  const items = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const last = items.at(-1);
  return { items, meta: { count: items.length, limit, hasMore, next: hasMore && last ? encodeCursor(last) : null } };
}
