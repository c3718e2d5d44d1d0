import type { UserEngagementStats } from '@showfloor/contracts/rest';
import { Link } from 'react-router';
import { QueryState } from '../../ui/page-states.tsx';
import { StatFigure, StatList } from '../../ui/stat-figure.tsx';
import { useMyStats } from './my-stats-queries.ts';
import { WeeklyHoursPanel } from './weekly-hours-panel.tsx';

const days = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;
const hours = (value: number) => `${value.toLocaleString(undefined, { maximumFractionDigits: 2 })} h`;

/** Seed 001's statistics page: the streak, hours watched and streamed, the weekly chart, counters. */
export function Component() {
  const stats = useMyStats();
  return (
    <main className="page stack">
      <header className="page-header">
        <h1>My stats</h1>
        <Link className="button" to="/leaderboard">
          Leaderboard
        </Link>
      </header>
      <QueryState query={stats}>{(data) => <MyStats stats={data} />}</QueryState>
    </main>
  );
}

function MyStats({ stats }: { stats: UserEngagementStats }) {
  return (
    <>
      <section className="card stack" aria-labelledby="streak-heading">
        <h2 id="streak-heading">Streak</h2>
        <StatList testId="streak">
          <StatFigure label="Current streak" value={days(stats.currentStreak)} />
          <StatFigure label="Longest streak" value={days(stats.longestStreak)} />
        </StatList>
        <p className="muted small">
          A day counts when you watch a stream or go live on it (days in {stats.timeZone}); today counts once you do.
        </p>
      </section>
      <section className="card stack" aria-labelledby="hours-heading">
        <h2 id="hours-heading">Hours</h2>
        <StatList testId="hours">
          <StatFigure label="Watched this week" value={hours(stats.watchHoursThisWeek)} />
          <StatFigure label="Watched in all" value={hours(stats.totalWatchHours)} />
          <StatFigure label="Streamed this week" value={hours(stats.streamingHoursThisWeek)} />
          <StatFigure label="Streamed in all" value={hours(stats.totalStreamingHours)} />
        </StatList>
      </section>
      <WeeklyHoursPanel weeks={stats.weeklyData} timeZone={stats.timeZone} />
      <section className="card stack" aria-labelledby="counters-heading">
        <h2 id="counters-heading">Activity</h2>
        <StatList testId="counters">
          <StatFigure label="Sessions watched" value={stats.counters.sessionsWatched} />
          <StatFigure label="Sessions streamed" value={stats.counters.sessionsStreamed} />
          <StatFigure label="Chat messages" value={stats.counters.chatMessages} />
          <StatFigure label="Products clicked" value={stats.counters.productClicks} />
        </StatList>
      </section>
    </>
  );
}
