import type { SessionAnalyticsView, SessionViewEntry } from '@showfloor/contracts/rest';
import { formatDuration } from '@showfloor/contracts/rules';
import { useState } from 'react';
import { OffsetPager } from '../../ui/offset-pager.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { useViewHistory, viewsPerPage } from './session-analytics-queries.ts';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function viewerName(view: SessionViewEntry): string {
  if (view.user) return view.user.name ?? 'Signed-in viewer';
  return view.guestId ? 'Guest' : 'A deleted account';
}

/** Every view, newest first, a page at a time; the creator's own joins are listed apart and never counted. */
export function ViewHistoryPanel({ sessionId, analytics }: { sessionId: string; analytics: SessionAnalyticsView }) {
  const [offset, setOffset] = useState(0);
  const history = useViewHistory(sessionId, offset, analytics);
  return (
    <section className="card stack" aria-labelledby="views-heading">
      <h2 id="views-heading">View history</h2>
      <QueryState
        query={history}
        isEmpty={(page) => page.meta.total === 0 && page.publishers.length === 0}
        empty="Nobody has watched yet."
      >
        {(page) => {
          return (
            <>
              <div className="table-scroll" style={{ opacity: history.isPlaceholderData ? 0.5 : 1 }}>
                <table data-testid="view-history">
                  <thead>
                    <tr>
                      <th scope="col">Viewer</th>
                      <th scope="col">Joined</th>
                      <th scope="col">Left</th>
                      <th scope="col">Watched</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.subscribers.map((view) => (
                      <tr key={view.id}>
                        <td>{viewerName(view)}</td>
                        <td>
                          <time dateTime={view.joinedAt.toISOString()}>{when.format(view.joinedAt)}</time>
                        </td>
                        <td>
                          {view.leftAt ? (
                            <time dateTime={view.leftAt.toISOString()}>{when.format(view.leftAt)}</time>
                          ) : (
                            <span className="badge badge-live">watching</span>
                          )}
                        </td>
                        <td>{formatDuration(view.watchDuration)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <OffsetPager
                label="View history pages"
                offset={offset}
                pageSize={viewsPerPage}
                shown={page.subscribers.length}
                total={page.meta.total}
                hasMore={page.meta.hasMore}
                onOffset={setOffset}
                previousLabel="Newer"
                nextLabel="Older"
                rangePrefix="Views"
                rangeTestId="view-history-range"
              />
              {page.publishers.length > 0 ? (
                <p className="muted small">
                  The creator’s own joins ({page.publishers.length}) are left out of every figure.
                </p>
              ) : null}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
