import type { CreatorAnalytics } from '@showfloor/contracts/rest';
import { rankReactionCounts } from '@showfloor/contracts/rules';
import { Empty } from '../../ui/page-states.tsx';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';

/** Seed 003's global analytics as cards: sessions, audience, reactions, product clicks. */
export function CreatorTotals({ analytics }: { analytics: CreatorAnalytics }) {
  const { sessions, viewers, reactions, products } = analytics;
  const ranked = rankReactionCounts(reactions.breakdown);
  return (
    <>
      {analytics.liveDataAvailable ? null : (
        <p className="banner banner-warning" role="status">
          A session on air could not be read live: its last stored figures are shown.
        </p>
      )}
      <section className="card stack" aria-labelledby="totals-heading">
        <h2 id="totals-heading">Across all your sessions</h2>
        <StatList testId="creator-totals">
          <StatFigure label="Sessions" value={sessions.total} />
          <StatFigure label="Live" value={sessions.byStatus.live} />
          <StatFigure label="Paused" value={sessions.byStatus.paused} />
          <StatFigure label="Scheduled" value={sessions.byStatus.scheduled} />
          <StatFigure label="Ended" value={sessions.byStatus.ended} />
          <StatFigure label="Unique viewers" value={viewers.totalUnique} />
          <StatFigure label="Viewers per session" value={viewers.averagePerSession} />
          <StatFigure label="Peak at once" value={viewers.peakConcurrent} />
        </StatList>
      </section>
      <div className="columns columns-even">
        <section className="card stack" aria-labelledby="creator-products-heading">
          <h2 id="creator-products-heading">Products</h2>
          <StatList testId="creator-products">
            <StatFigure label="Product clicks" value={products.totalClicks} />
            <StatFigure label="Clicking viewers" value={products.uniqueUsers} />
            <StatFigure label="Average CTR" value={`${products.averageCTR}%`} />
          </StatList>
        </section>
        <section className="card stack" aria-labelledby="creator-reactions-heading">
          <h2 id="creator-reactions-heading">
            Reactions <span className="muted">({reactions.total})</span>
          </h2>
          {ranked.length === 0 ? (
            <Empty>No reactions yet.</Empty>
          ) : (
            <StatList testId="creator-reactions">
              {ranked.map(({ type, count }) => (
                <StatFigure key={type} label={type} value={count} />
              ))}
            </StatList>
          )}
        </section>
      </div>
    </>
  );
}
