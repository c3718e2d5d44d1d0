import type { FeatureAnalytics } from '@showfloor/contracts/rest';
import { trackedFeatures } from '../../platform/feature-tracking.ts';
import { useTrackFeature } from '../../platform/feature-tracking-context.tsx';
import { isStatus } from '../../ui/error-text.ts';
import { Empty, Failure, QueryState } from '../../ui/page-states.tsx';
import { CsvDownloadButton } from './csv-download-button.tsx';
import { type DashboardQuery, useDashboardQuery } from './dashboard-query.ts';
import { DashboardSummary } from './dashboard-summary.tsx';
import { useFeatureAnalytics } from './feature-analytics-queries.ts';
import { FeatureBarsPanel } from './feature-bars-panel.tsx';
import { FeatureLinePanel } from './feature-line-panel.tsx';
import { type AppliedFilters, FiltersForm } from './filters-form.tsx';
import './feature-analytics.css';

function csvFileName(analytics: FeatureAnalytics | undefined): string {
  const range = analytics?.summary.date_range;
  return range ? `feature-analytics_${range.start}_${range.end}.csv` : 'feature-analytics.csv';
}

/**
 * Seed 004's dashboard for admins: which features signed-in people click, filtered by date range,
 * age band and gender, counted in calendar days of a chosen time zone. Every control lives in the
 * URL, so a reload or a shared link shows the same figures. Anyone else gets the API's 403.
 */
export function Component() {
  const [query, change] = useDashboardQuery();
  const analytics = useFeatureAnalytics(query);
  const track = useTrackFeature();

  if (isStatus(analytics.error, 403)) {
    return (
      <main className="page stack">
        <Failure error={analytics.error} />
      </main>
    );
  }

  function applyFilters(filters: AppliedFilters) {
    change(filters);
    track(trackedFeatures.featureAnalyticsFilter, {
      age: filters.age,
      gender: filters.gender,
      time_zone: filters.tz,
      start_date: filters.start_date ?? null,
      end_date: filters.end_date ?? null,
    });
  }

  function chooseFeature(feature: string, via: 'bar' | 'list') {
    change({ feature });
    track(trackedFeatures.featureAnalyticsBarSelect, { feature, via });
  }

  return (
    <main className="page stack">
      <header className="page-header">
        <h1>Feature analytics</h1>
        <CsvDownloadButton
          query={query}
          fileName={csvFileName(analytics.data)}
          onDownloaded={() =>
            track(trackedFeatures.featureAnalyticsCsvExport, {
              interval: query.interval,
              compare: query.compare === 'previous',
            })
          }
        />
      </header>
      <FiltersForm query={query} onApply={applyFilters} />
      <QueryState query={analytics}>
        {(data) => (
          <div className="stack" style={{ opacity: analytics.isPlaceholderData ? 0.5 : 1 }}>
            <DashboardSummary analytics={data} />
            <Dashboard
              analytics={data}
              query={query}
              onBar={(feature) => chooseFeature(feature, 'bar')}
              onFeature={(feature) => chooseFeature(feature, 'list')}
              onInterval={(interval) => {
                change({ interval });
                track(trackedFeatures.featureAnalyticsInterval, { interval });
              }}
              onCompare={(on) => {
                change({ compare: on ? 'previous' : undefined });
                track(trackedFeatures.featureAnalyticsCompare, { on });
              }}
            />
          </div>
        )}
      </QueryState>
    </main>
  );
}

function Dashboard({
  analytics,
  query,
  onBar,
  onFeature,
  onInterval,
  onCompare,
}: {
  analytics: FeatureAnalytics;
  query: DashboardQuery;
  onBar: (feature: string) => void;
  onFeature: (feature: string) => void;
  onInterval: (interval: DashboardQuery['interval']) => void;
  onCompare: (on: boolean) => void;
}) {
  if (analytics.bar_chart.length === 0) {
    return <Empty>No clicks in this range. Widen the dates or clear the age and gender filters.</Empty>;
  }
  return (
    <div className="columns columns-even">
      <FeatureBarsPanel analytics={analytics} onSelect={onBar} />
      <FeatureLinePanel
        analytics={analytics}
        compare={query.compare === 'previous'}
        onInterval={onInterval}
        onCompare={onCompare}
        onFeature={onFeature}
      />
    </div>
  );
}
