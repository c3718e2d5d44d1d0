import type { SessionAnalyticsView } from '@showfloor/contracts/rest';
import { BarChart } from '../../ui/charts/bar-chart.tsx';
import { timeLabels } from '../../ui/charts/chart-time-labels.ts';
import { Empty } from '../../ui/page-states.tsx';

/** Joins and leaves per hour (hours without either are left out by the API). */
export function TimelinePanel({ timeline }: { timeline: SessionAnalyticsView['engagement']['viewerTimeline'] }) {
  return (
    <section className="card stack" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Joins and leaves per hour</h2>
      {timeline.length === 0 ? (
        <Empty>Nobody has joined yet.</Empty>
      ) : (
        <BarChart
          title="Joins and leaves per hour"
          labelHeading="Hour"
          labels={timeLabels(timeline.map((hour) => hour.timestamp))}
          series={[
            { label: 'Joins', values: timeline.map((hour) => hour.joins) },
            { label: 'Leaves', values: timeline.map((hour) => hour.leaves) },
          ]}
        />
      )}
    </section>
  );
}
