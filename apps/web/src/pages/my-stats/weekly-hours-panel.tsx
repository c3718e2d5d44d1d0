import type { WeeklyEngagement } from '@showfloor/contracts/rest';
import { calendarLabel } from '../../ui/charts/chart-time-labels.ts';
import { DeferredBarChart } from '../../ui/charts/deferred-bar-chart.tsx';

/** The last 12 weeks, watching and streaming side by side. */
export function WeeklyHoursPanel({ weeks, timeZone }: { weeks: readonly WeeklyEngagement[]; timeZone: string }) {
  return (
    <section className="card stack" aria-labelledby="weekly-hours-heading">
      <h2 id="weekly-hours-heading">Last 12 weeks</h2>
      <DeferredBarChart
        title="Hours per week"
        labelHeading="Week of"
        labels={weeks.map((week) => calendarLabel(week.weekStart))}
        series={[
          { label: 'Watched (h)', values: weeks.map((week) => week.watchHours) },
          { label: 'Streamed (h)', values: weeks.map((week) => week.streamingHours) },
        ]}
        wholeNumbers={false}
      />
      <p className="muted small">Weeks start on Monday in your time zone ({timeZone}).</p>
    </section>
  );
}
