import type { SessionAnalyticsView, SnapshotTimeRange } from '@showfloor/contracts/rest';
import { trackedFeatures } from '../../platform/feature-tracking.ts';
import { useTrackFeature } from '../../platform/feature-tracking-context.tsx';
import { timeLabels } from '../../ui/charts/chart-time-labels.ts';
import { LineChart } from '../../ui/charts/line-chart.tsx';
import { QueryState } from '../../ui/page-states.tsx';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';
import { useViewerSnapshots } from './session-analytics-queries.ts';
import { TimeRangeSelect, useTimeRange } from './time-range-select.tsx';

/** Seed 000's dashboard: viewers per minute (count, average, peak, minimum) over the chosen range. */
export function SnapshotPanel({ sessionId, analytics }: { sessionId: string; analytics: SessionAnalyticsView }) {
  const [timeRange, setTimeRange] = useTimeRange();
  const snapshots = useViewerSnapshots(sessionId, timeRange, analytics);
  const track = useTrackFeature();
  return (
    <section className="card stack" aria-labelledby="snapshots-heading">
      <div className="page-header">
        <h2 id="snapshots-heading">Viewers per minute</h2>
        <TimeRangeSelect
          value={timeRange}
          onChange={(range) => {
            setTimeRange(range);
            track(trackedFeatures.sessionAnalyticsTimeRange, { range });
          }}
          ended={analytics.session.status === 'ended'}
        />
      </div>
      <QueryState
        query={snapshots}
        isEmpty={(series) => series.snapshots.length === 0}
        empty={<NoSnapshots timeRange={timeRange} />}
      >
        {(series) => (
          <div className="stack" style={{ opacity: snapshots.isPlaceholderData ? 0.5 : 1 }}>
            <StatList testId="snapshot-summary">
              <StatFigure label="Average viewers" value={series.summary.overallAvg.toFixed(2)} />
              <StatFigure label="Peak" value={series.summary.overallPeak} />
              <StatFigure label="Minimum" value={series.summary.overallMin} />
              <StatFigure label="Duration" value={`${series.summary.duration} min`} />
            </StatList>
            <LineChart
              title="Viewers per minute"
              labelHeading="Minute"
              labels={timeLabels(series.snapshots.map((snapshot) => snapshot.timestamp))}
              series={[
                { label: 'Viewers', values: series.snapshots.map((snapshot) => snapshot.viewerCount) },
                { label: 'Average', values: series.snapshots.map((snapshot) => snapshot.avgViewers) },
                { label: 'Peak', values: series.snapshots.map((snapshot) => snapshot.peakViewers) },
                { label: 'Minimum', values: series.snapshots.map((snapshot) => snapshot.minViewers) },
              ]}
            />
          </div>
        )}
      </QueryState>
    </section>
  );
}

function NoSnapshots({ timeRange }: { timeRange: SnapshotTimeRange }) {
  if (timeRange !== 'all') {
    return <>No snapshots in this time range. Choose “Whole stream” to see every minute.</>;
  }
  return <>No snapshots yet — they appear each minute while live, if viewer analytics is on.</>;
}
