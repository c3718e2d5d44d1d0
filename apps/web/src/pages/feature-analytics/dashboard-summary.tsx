import type { FeatureAnalytics } from '@showfloor/contracts/rest';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';
import { DateRange } from './date-range.tsx';

/** Seed 004's summary: every click of the range under the filters, and the line chart's feature. */
export function DashboardSummary({ analytics }: { analytics: FeatureAnalytics }) {
  const { summary } = analytics;
  return (
    <section className="card" aria-label="Summary">
      <StatList testId="feature-summary">
        <StatFigure label="Total clicks" value={summary.total_clicks} />
        <StatFigure label="Unique users" value={summary.unique_users} />
        <StatFigure
          label="Date range"
          value={
            <span className="feature-summary-range">
              <DateRange range={summary.date_range} />
            </span>
          }
        />
        <StatFigure label="Active feature" value={summary.active_feature ?? '—'} />
      </StatList>
    </section>
  );
}
