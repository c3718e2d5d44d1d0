import { useState } from 'react';
import { Link } from 'react-router';
import { paths } from '../../app/route-table.tsx';
import { OffsetPager } from '../../ui/offset-pager.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { sessionsPerPage, useCreatorSessions } from './creator-dashboard-queries.ts';

const created = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The creator's sessions, newest first, each with its status and the way to its console and analytics. */
export function CreatorSessionsPanel({ creatorId }: { creatorId: string }) {
  const [offset, setOffset] = useState(0);
  const sessions = useCreatorSessions(creatorId, offset);
  return (
    <section className="card stack" aria-labelledby="creator-sessions-heading">
      <h2 id="creator-sessions-heading">Your sessions</h2>
      <QueryState
        query={sessions}
        isEmpty={(page) => page.meta.total === 0}
        empty="No sessions yet — the form beside this list creates one."
      >
        {({ data, meta }) => (
          <>
            <div className="table-scroll">
              <table data-testid="creator-sessions">
                <thead>
                  <tr>
                    <th scope="col">Session</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col">
                      <span className="muted">Open</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((session) => (
                    <tr key={session.id}>
                      <th scope="row">{session.title}</th>
                      <td>
                        <span className={`badge badge-${session.status}`}>{session.status}</span>
                      </td>
                      <td>
                        <time dateTime={session.createdAt.toISOString()}>{created.format(session.createdAt)}</time>
                      </td>
                      <td className="row">
                        <Link to={paths.creatorConsole(session.id)} aria-label={`Console of ${session.title}`}>
                          Console
                        </Link>
                        <Link to={paths.sessionAnalytics(session.id)} aria-label={`Analytics of ${session.title}`}>
                          Analytics
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {meta.total > sessionsPerPage ? (
              <OffsetPager
                label="Session pages"
                offset={offset}
                pageSize={sessionsPerPage}
                shown={data.length}
                total={meta.total}
                hasMore={meta.hasMore}
                onOffset={setOffset}
                previousLabel="Newer"
                nextLabel="Older"
              />
            ) : null}
          </>
        )}
      </QueryState>
    </section>
  );
}
