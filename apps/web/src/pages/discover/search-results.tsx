import type { SearchPageMeta } from '@showfloor/contracts/rest';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../platform/web-client-context.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { type DiscoverSearch, discoverSearchParams, isFiltered, searchPageSize } from './discover-search.ts';
import { matchCountText } from './match-count.ts';
import { SessionCard } from './session-card.tsx';

/**
 * Previous / next as links (so they are real history entries), and where this page sits. When the
 * total is only a lower bound, so is the page count: the page is shown without "of".
 */
function Pager({ search, meta }: { search: DiscoverSearch; meta: SearchPageMeta }) {
  const pages = Math.max(1, Math.ceil(meta.total / meta.limit));
  if (pages === 1 && meta.totalIsExact) return null;
  const linkTo = (page: number) => `?${discoverSearchParams({ ...search, page })}`;
  return (
    <nav className="row discover-pager" aria-label="Pages">
      {search.page > 1 ? (
        <Link className="button button-small" to={linkTo(search.page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : null}
      <span className="muted small" data-testid="search-page">
        {meta.totalIsExact ? `Page ${Math.min(search.page, pages)} of ${pages}` : `Page ${search.page}`}
      </span>
      {meta.hasMore ? (
        <Link className="button button-small" to={linkTo(search.page + 1)} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}

/** The sessions matching the search, one page at a time (`meta` says how many match in all). */
export function SearchResults({ search }: { search: DiscoverSearch }) {
  const api = useApi();
  const query = useQuery({
    queryKey: ['search', 'sessions', search],
    queryFn: () =>
      api.search.sessions({
        query: {
          q: search.q,
          ...(search.status ? { status: search.status } : {}),
          ...(search.category ? { category: search.category } : {}),
          limit: searchPageSize,
          offset: (search.page - 1) * searchPageSize,
        },
      }),
    // The page being left stays on screen until the next one arrives, instead of a spinner flash.
    placeholderData: keepPreviousData,
  });
  const filtered = isFiltered(search);

  return (
    <section className="discover-section" data-testid="search-results" aria-label="Search results">
      <div className="page-header">
        <h2>
          {filtered ? 'Results' : 'All sessions'}
          {query.data ? (
            <span className="muted small" data-testid="search-total">
              {' '}
              · {matchCountText(query.data.meta)} {query.data.meta.total === 1 ? 'session' : 'sessions'}
            </span>
          ) : null}
        </h2>
        {filtered ? (
          <Link to="?" className="button button-small button-quiet">
            Clear search
          </Link>
        ) : null}
      </div>
      <QueryState
        query={query}
        isEmpty={(page) => page.data.length === 0}
        empty={filtered ? 'No session matches this search. Try fewer words or another status.' : 'No sessions yet.'}
      >
        {(page) => (
          <>
            <div className="grid" aria-busy={query.isPlaceholderData}>
              {page.data.map((session) => (
                <SessionCard key={session.id} session={session} />
              ))}
            </div>
            <Pager search={search} meta={page.meta} />
          </>
        )}
      </QueryState>
    </section>
  );
}
