import type { SessionsOnDay } from '@showfloor/contracts/rest';
import { calendarLabel } from '../../ui/charts/chart-time-labels.ts';
import { DeferredBarChart } from '../../ui/charts/deferred-bar-chart.tsx';
import { Empty } from '../../ui/page-states.tsx';
import { sessionsPerPeriod } from './sessions-per-period.ts';

/** How many sessions the creator created per day (or month, over a long history). */
export function SessionsOverTimePanel({ days }: { days: readonly SessionsOnDay[] }) {
  const { unit, periods } = sessionsPerPeriod(days);
  return (
    <section className="card stack" aria-labelledby="sessions-over-time-heading">
      <h2 id="sessions-over-time-heading">Sessions over time</h2>
      {periods.length === 0 ? (
        <Empty>No sessions yet — create your first one below.</Empty>
      ) : (
        <>
          <DeferredBarChart
            title="Sessions created over time"
            labelHeading={unit === 'day' ? 'Day' : 'Month'}
            labels={periods.map(({ period }) => calendarLabel(period))}
            series={[{ label: 'Sessions created', values: periods.map(({ count }) => count) }]}
          />
          <p className="muted small">By the day each session was created (UTC), scheduled ones included.</p>
        </>
      )}
    </section>
  );
}
