import type { BoundedCount, PaginationQuery } from '@showfloor/contracts';

/**
 * How far a search counts its matches. Every match of a common word costs a recheck of its text
 * (the trigram index only narrows the candidates), so counting all 20,000 "gaming" sessions took
 * longer than finding the page. The count stops at the bound, or at the end of the requested page
 * when that is further, so `hasMore` is still known for any page.
 */
export function countLimitFor(page: PaginationQuery, exactUpTo: number): number {
  return Math.max(exactUpTo, page.offset + page.limit);
}

/**
 * What a count that read at most `countLimit + 1` matches says: exact when it stopped short of
 * that, else "more than `countLimit`".
 */
export function boundedCount(counted: number, countLimit: number): BoundedCount {
  return counted > countLimit ? { total: countLimit, exact: false } : { total: counted, exact: true };
}
