/** "Load more" under a cursor-paged list: the next (older) page, while there is one. */
export function LoadMore({
  feed,
}: {
  feed: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!feed.hasNextPage) return null;
  return (
    <div className="feed-more">
      <button
        type="button"
        className="button"
        disabled={feed.isFetchingNextPage}
        onClick={() => void feed.fetchNextPage()}
      >
        {feed.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
