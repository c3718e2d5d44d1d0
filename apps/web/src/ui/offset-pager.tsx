import type { ReactNode } from 'react';

/**
 * Previous / next buttons and "first–last of total" for a list the API pages by `limit` and
 * `offset` (`meta.total`, `meta.hasMore`). Labels differ by list: a history reads "Newer / Older".
 */
export function OffsetPager({
  label,
  offset,
  pageSize,
  shown,
  total,
  hasMore,
  onOffset,
  previousLabel = 'Previous',
  nextLabel = 'Next',
  rangePrefix,
  rangeTestId,
}: {
  label: string;
  offset: number;
  pageSize: number;
  /** How many items this page holds. */
  shown: number;
  total: number;
  hasMore: boolean;
  onOffset: (offset: number) => void;
  previousLabel?: string;
  nextLabel?: string;
  rangePrefix?: ReactNode;
  rangeTestId?: string;
}) {
  const first = total === 0 ? 0 : offset + 1;
  return (
    <nav className="row pager" aria-label={label}>
      <button
        type="button"
        className="button button-small"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        {previousLabel}
      </button>
      <span className="muted small" data-testid={rangeTestId}>
        {rangePrefix ? <>{rangePrefix} </> : null}
        {first}–{offset + shown} of {total}
      </span>
      <button
        type="button"
        className="button button-small"
        disabled={!hasMore}
        onClick={() => onOffset(offset + pageSize)}
      >
        {nextLabel}
      </button>
    </nav>
  );
}
