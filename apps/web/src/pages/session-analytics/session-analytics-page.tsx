import type { SessionAnalyticsView } from '@showfloor/contracts/rest';
import { isOnAir } from '@showfloor/contracts/rules';
import { Link, useParams } from 'react-router';
import { paths } from '../../app/route-table.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';
import { FiguresStatus, StatusBadge } from './figures-status.tsx';
import { ProductClicksPanel } from './product-clicks-panel.tsx';
import { ReactionsPanel } from './reactions-panel.tsx';
import { RetentionPanel } from './retention-panel.tsx';
import { useSessionAnalytics } from './session-analytics-queries.ts';
import { SnapshotPanel } from './snapshot-panel.tsx';
import { TimelinePanel } from './timeline-panel.tsx';
import { ViewHistoryPanel } from './view-history-panel.tsx';

/**
 * One session's analytics (seed 000's dashboard, seed 003's session analytics): for its creator
 * or an admin. While the stream is on air the panels read again every few seconds.
 */
export function Component() {
  const { sessionId = '' } = useParams();
  const analytics = useSessionAnalytics(sessionId);
  return (
    <main className="page stack">
      <QueryState query={analytics}>{(data) => <SessionAnalytics sessionId={sessionId} analytics={data} />}</QueryState>
    </main>
  );
}

function SessionAnalytics({ sessionId, analytics }: { sessionId: string; analytics: SessionAnalyticsView }) {
  const { session, viewers } = analytics;
  return (
    <>
      <header className="page-header">
        <div className="stack" style={{ gap: '0.35rem' }}>
          <h1>{session.title}</h1>
          <div className="row">
            <StatusBadge status={session.status} />
            <FiguresStatus analytics={analytics} />
          </div>
        </div>
        <nav className="row" aria-label="Session">
          <Link className="button" to={paths.creatorConsole(sessionId)}>
            Open the console
          </Link>
          {isOnAir(session.status) ? (
            <Link className="button button-quiet" to={paths.liveRoom(sessionId)}>
              Live room
            </Link>
          ) : null}
          <Link className="button button-quiet" to={paths.creatorDashboard()}>
            Studio
          </Link>
        </nav>
      </header>

      <section className="card" aria-label="Audience">
        <StatList testId="audience-summary">
          <StatFigure label="Unique viewers" value={viewers.unique} />
          <StatFigure label="Views" value={viewers.total} />
          <StatFigure label="Peak at once" value={viewers.peak} />
          <StatFigure label="Average watch time" value={viewers.avgWatchTimeFormatted} />
          <StatFigure label={`Products (${analytics.products.featured} featured)`} value={analytics.products.total} />
        </StatList>
      </section>

      <SnapshotPanel sessionId={sessionId} analytics={analytics} />
      <div className="columns columns-even">
        <RetentionPanel retention={analytics.engagement.retention} />
        <TimelinePanel timeline={analytics.engagement.viewerTimeline} />
      </div>
      <div className="columns columns-even">
        <ProductClicksPanel sessionId={sessionId} analytics={analytics} />
        <ReactionsPanel reactions={analytics.reactions} />
      </div>
      <ViewHistoryPanel sessionId={sessionId} analytics={analytics} />
    </>
  );
}
