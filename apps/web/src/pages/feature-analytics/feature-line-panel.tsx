import { type FeatureAnalytics, type LineChartInterval, lineChartIntervalSchema } from '@showfloor/contracts/rest';
import { useId } from 'react';
import type { ChartLabel, ChartSeries } from '../../ui/charts/chart-series.ts';
import { calendarLabel } from '../../ui/charts/chart-time-labels.ts';
import { LineChart } from '../../ui/charts/line-chart.tsx';
import { DateRange } from './date-range.tsx';

const intervalNames: Record<LineChartInterval, { choice: string; heading: string }> = {
  day: { choice: 'Per day', heading: 'Day' },
  week: { choice: 'Per week', heading: 'Week of' },
  month: { choice: 'Per month', heading: 'Month' },
};

/** An interval's first day as the API dates it (a calendar day in the query's zone); a month reads as its month. */
function intervalLabel(date: string, interval: LineChartInterval): ChartLabel {
  return interval === 'month' ? { text: calendarLabel(date.slice(0, 7)).text, dateTime: date } : calendarLabel(date);
}

/**
 * Seed 004's line chart: the active feature's clicks per interval, and with the comparison on, the
 * period of equal length just before as a second line (its intervals side by side with this one's).
 */
export function FeatureLinePanel({
  analytics,
  compare,
  onInterval,
  onCompare,
  onFeature,
}: {
  analytics: FeatureAnalytics;
  compare: boolean;
  onInterval: (interval: LineChartInterval) => void;
  onCompare: (on: boolean) => void;
  onFeature: (feature: string) => void;
}) {
  const id = useId();
  const { interval, previous } = analytics;
  const feature = analytics.summary.active_feature ?? '';
  const series: ChartSeries[] = [{ label: feature, values: analytics.line_chart.map((point) => point.click_count) }];
  if (compare && previous) {
    series.push({
      label: `${feature}, previous period`,
      values: previous.line_chart.map((point) => point.click_count),
    });
  }
  const features = analytics.bar_chart.map((bar) => bar.feature_name);
  // A feature asked for by name may have no clicks in the range: it is still the one shown.
  if (feature && !features.includes(feature)) features.push(feature);

  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Clicks over time</h2>
      <div className="row feature-line-controls">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-feature`}>
            Feature
          </label>
          <select id={`${id}-feature`} value={feature} onChange={(event) => onFeature(event.target.value)}>
            {features.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-interval`}>
            Interval
          </label>
          <select
            id={`${id}-interval`}
            value={interval}
            onChange={(event) => onInterval(lineChartIntervalSchema.parse(event.target.value))}
          >
            {lineChartIntervalSchema.options.map((choice) => (
              <option key={choice} value={choice}>
                {intervalNames[choice].choice}
              </option>
            ))}
          </select>
        </div>
        <label className="choice">
          <input type="checkbox" checked={compare} onChange={(event) => onCompare(event.currentTarget.checked)} />
          <span>Compare to previous period</span>
        </label>
      </div>
      <LineChart
        title="Clicks over time"
        labelHeading={intervalNames[interval].heading}
        labels={analytics.line_chart.map((point) => intervalLabel(point.date, interval))}
        series={series}
        wholeNumbers
      />
      {compare && previous ? (
        <p className="muted small" data-testid="previous-period">
          Previous period: <DateRange range={previous.summary.date_range} />, {previous.summary.total_clicks} clicks by{' '}
          {previous.summary.unique_users} users in all.
        </p>
      ) : null}
    </section>
  );
}
