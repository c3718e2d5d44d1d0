import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trackedFeatures } from '../../platform/feature-tracking.ts';
import { useTrackFeature } from '../../platform/feature-tracking-context.tsx';
import { useApi } from '../../platform/web-client-context.tsx';
import { discoverSearchParams, isFiltered, useDiscoverSearch } from './discover-search.ts';
import { SearchForm } from './search-form.tsx';
import { SearchResults } from './search-results.tsx';
import { SessionRail } from './session-rail.tsx';
import './discover.css';

/** Sessions each rail shows; "See all" opens the search with the rail's status. */
const railSize = 8;

/** The live and trending rails carry "N watching": read them again now and then so it does not go stale. */
const watchingRefreshMs = 30_000;

const seeAll = (status: 'live' | 'scheduled') =>
  `?${discoverSearchParams({ q: '', status, category: '', page: 1 })}#search`;

/** Live now, trending and upcoming sessions, then the search (its state in the URL). */
export function Component() {
  const api = useApi();
  const { search, setSearch } = useDiscoverSearch();
  const track = useTrackFeature();
  const page = { limit: railSize, offset: 0 };
  const live = useQuery({
    queryKey: ['search', 'live', page],
    queryFn: () => api.search.liveSessions({ query: page }),
    refetchInterval: watchingRefreshMs,
  });
  const trending = useQuery({
    queryKey: ['search', 'trending', page],
    queryFn: () => api.search.trendingSessions({ query: page }),
    refetchInterval: watchingRefreshMs,
  });
  const upcoming = useQuery({
    queryKey: ['search', 'upcoming', page],
    queryFn: () => api.search.upcomingSessions({ query: page }),
  });
  const searching = isFiltered(search) || search.page > 1;

  return (
    <main className="page discover">
      <h1>Discover</h1>
      <SearchForm
        search={search}
        onSearch={(next) => {
          setSearch(next);
          // How the search was used, not what was typed: the words stay the reader's own.
          track(trackedFeatures.discoverSearch, {
            words: next.q.split(/\s+/).filter(Boolean).length,
            status: next.status ?? 'any',
            category: next.category !== '',
          });
        }}
      />
      {searching ? null : (
        <>
          <SessionRail
            title="Live now"
            testId="live-now"
            query={live}
            empty="Nobody is live right now. Upcoming streams are below."
            more={<Link to={seeAll('live')}>See all live</Link>}
          />
          <SessionRail
            title="Trending"
            testId="trending"
            query={trending}
            empty="Nothing is trending yet: trending sessions are live ones with chat and new viewers in the last hour."
          />
          <SessionRail
            title="Upcoming"
            testId="upcoming"
            query={upcoming}
            empty="No streams are planned yet."
            more={<Link to={seeAll('scheduled')}>See all upcoming</Link>}
          />
        </>
      )}
      <div id="search">
        <SearchResults search={search} />
      </div>
    </main>
  );
}
