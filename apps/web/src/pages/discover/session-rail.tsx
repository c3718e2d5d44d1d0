import type { ReactNode } from 'react';
import { QueryState } from '../../ui/page-states.tsx';
import { matchCountText } from './match-count.ts';
import { type CardSession, SessionCard } from './session-card.tsx';

interface SessionsQuery {
  data: { data: CardSession[]; meta: { total: number; totalIsExact: boolean } } | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** One heading and its sessions (live now, trending, upcoming), with its loading, empty and error states. */
export function SessionRail({
  title,
  testId,
  query,
  empty,
  more,
}: {
  title: string;
  testId: string;
  query: SessionsQuery;
  empty: ReactNode;
  /** A link to every match, when there are more than the rail shows. */
  more?: ReactNode;
}) {
  const meta = query.data?.meta;
  const total = meta?.total;
  return (
    <section className="discover-section" data-testid={testId} aria-label={title}>
      <div className="page-header">
        <h2>
          {title}
          {meta?.total ? <span className="muted small"> · {matchCountText(meta)}</span> : null}
        </h2>
        {total && query.data && total > query.data.data.length ? more : null}
      </div>
      <QueryState query={query} isEmpty={(page) => page.data.length === 0} empty={empty}>
        {(page) => (
          <div className="grid">
            {page.data.map((session) => (
              <SessionCard key={session.id} session={session} />
            ))}
          </div>
        )}
      </QueryState>
    </section>
  );
}
