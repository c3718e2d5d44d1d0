import type { SearchPageMeta } from '@showfloor/contracts/rest';

/**
 * How many match, as a search page's meta says it: the API stops counting at a bound, and then
 * `total` means "more than this many" (`totalIsExact: false`).
 */
export function matchCountText(meta: Pick<SearchPageMeta, 'total' | 'totalIsExact'>): string {
  return meta.totalIsExact ? String(meta.total) : `more than ${meta.total}`;
}
