import type { FeatureAnalytics } from '@showfloor/contracts/rest';
import { BarChart } from '../../ui/charts/bar-chart.tsx';

/**
 * Seed 004's bar chart: clicks per feature, most clicked first, with the distinct users behind
 * them. Clicking a feature's bars makes it the line chart's feature.
 */
export function FeatureBarsPanel({
  analytics,
  onSelect,
}: {
  analytics: FeatureAnalytics;
  onSelect: (feature: string) => void;
}) {
  const bars = analytics.bar_chart;
  const active = bars.findIndex((bar) => bar.feature_name === analytics.summary.active_feature);
  return (
    <section className="card stack" aria-labelledby="feature-bars-heading">
      <h2 id="feature-bars-heading">Clicks per feature</h2>
      <BarChart
        title="Clicks per feature"
        labelHeading="Feature"
        labels={bars.map((bar) => ({ text: bar.feature_name }))}
        series={[
          { label: 'Clicks', values: bars.map((bar) => bar.total_clicks) },
          { label: 'Unique users', values: bars.map((bar) => bar.unique_users) },
        ]}
        selectedIndex={active}
        onSelect={(index) => {
          const bar = bars[index];
          if (bar) onSelect(bar.feature_name);
        }}
      />
      <p className="muted small">Click a feature’s bars to follow it in the chart over time.</p>
    </section>
  );
}
