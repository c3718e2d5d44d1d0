import type { SessionDetailView } from '@showfloor/contracts/rest';
import { useClickStats } from '../../live/use-click-stats.ts';
import { useReactionCounts } from '../../live/use-reaction-counts.ts';
import { useViewerCount } from '../../live/use-viewer-count.ts';
import { useRealtime } from '../../platform/realtime-context.tsx';
import type { Room } from '../../platform/use-room.ts';
import { QueryState } from '../../ui/page-states.tsx';
import { formatRate } from './format-figures.ts';

/** Viewers watching now (the creator's own console is a publisher and never counts) and reactions by type. */
export function AudiencePanel({ session, room }: { session: SessionDetailView; room: Room }) {
  const viewers = useViewerCount(room);
  const { status } = useRealtime();
  const reactions = useReactionCounts(session.id);
  const viewerHint =
    session.status === 'ended'
      ? 'The stream has ended'
      : status === 'paused'
        ? 'Live updates paused'
        : viewers === null
          ? 'Connecting…'
          : 'watching now';
  return (
    <section className="card stack" aria-labelledby="console-audience-title">
      <h2 id="console-audience-title">Audience</h2>
      <div className="stats">
        <div className="stat">
          <span className="stat-value" data-testid="viewer-count">
            {viewers ?? '—'}
          </span>
          <span className="stat-label">{viewerHint}</span>
        </div>
        <QueryState query={reactions}>
          {(figures) => (
            <div className="stat">
              <span className="stat-value" data-testid="reaction-total">
                {figures.total}
              </span>
              <span className="stat-label">reactions</span>
            </div>
          )}
        </QueryState>
      </div>
      <QueryState
        query={reactions}
        isEmpty={(figures) => figures.sortedReactions.length === 0}
        empty="No reactions yet."
      >
        {(figures) => (
          <ul className="console-reactions" aria-label="Reactions by type">
            {figures.sortedReactions.map(({ type, count }) => (
              <li key={type} data-testid={`reaction-${type}`}>
                <span className="console-reaction-type">{type}</span> <strong>{count}</strong>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

/** Product clicks with click-through rates, live while on air (the realtime service sends them on a cadence). */
export function ClickStatsPanel({ session }: { session: SessionDetailView }) {
  const stats = useClickStats(session.id);
  const nameOf = (productId: string) =>
    session.products.find((product) => product.id === productId)?.name ?? 'A product no longer in the session';
  return (
    <section className="card stack" aria-labelledby="console-clicks-title">
      <h2 id="console-clicks-title">Product clicks</h2>
      <QueryState query={stats} isEmpty={(figures) => figures.products.length === 0} empty="No product clicks yet.">
        {(figures) => (
          <div className="table-scroll">
            <table data-testid="click-stats">
              <thead>
                <tr>
                  <th>Product</th>
                  <th>Clicked by</th>
                  <th>Clicks</th>
                  <th>CTR</th>
                </tr>
              </thead>
              <tbody>
                {figures.products.map((product) => (
                  <tr key={product.productId} data-testid="click-stats-row">
                    <td>{'productName' in product ? product.productName : nameOf(product.productId)}</td>
                    <td>{product.uniqueClicks}</td>
                    <td>{product.totalClicks}</td>
                    <td data-testid="click-through-rate">{formatRate(product.clickThroughRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">
              Click-through rate: viewers who clicked out of {figures.totalViewers} who watched
              {figures.isLive ? ' (live)' : ''}.
            </p>
          </div>
        )}
      </QueryState>
    </section>
  );
}
