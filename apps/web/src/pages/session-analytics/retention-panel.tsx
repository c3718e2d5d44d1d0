import type { SessionAnalyticsView } from '@showfloor/contracts/rest';
import { BarChart } from '../../ui/charts/bar-chart.tsx';
import { Empty } from '../../ui/page-states.tsx';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';

/** How long views lasted: the histogram of watch times and its percentiles. */
export function RetentionPanel({ retention }: { retention: SessionAnalyticsView['engagement']['retention'] }) {
  const views = retention.ranges.reduce((sum, range) => sum + range.count, 0);
  return (
    <section className="card stack" aria-labelledby="retention-heading">
      <h2 id="retention-heading">Retention</h2>
      {views === 0 ? (
        <Empty>No views yet.</Empty>
      ) : (
        <>
          <StatList>
            <StatFigure label="Median watch time" value={retention.medianFormatted} />
            <StatFigure label="75th percentile" value={retention.p75Formatted} />
            <StatFigure label="90th percentile" value={retention.p90Formatted} />
          </StatList>
          <BarChart
            title="Views by watch time"
            labelHeading="Watch time"
            labels={retention.ranges.map((range) => ({ text: range.label }))}
            series={[{ label: 'Views', values: retention.ranges.map((range) => range.count) }]}
          />
        </>
      )}
    </section>
  );
}
