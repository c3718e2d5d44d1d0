import type { SessionAnalyticsView } from '@showfloor/contracts/rest';
import { rankReactionCounts } from '@showfloor/contracts/rules';
import { Empty } from '../../ui/page-states.tsx';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';

/** Reactions by type, most sent first (the one order every surface ranks them in). */
export function ReactionsPanel({ reactions }: { reactions: SessionAnalyticsView['reactions'] }) {
  const ranked = rankReactionCounts(reactions.breakdown);
  return (
    <section className="card stack" aria-labelledby="reactions-heading">
      <h2 id="reactions-heading">
        Reactions <span className="muted">({reactions.total})</span>
      </h2>
      {ranked.length === 0 ? (
        <Empty>No reactions yet.</Empty>
      ) : (
        <StatList testId="reaction-breakdown">
          {ranked.map(({ type, count }) => (
            <StatFigure key={type} label={type} value={count} />
          ))}
        </StatList>
      )}
    </section>
  );
}
