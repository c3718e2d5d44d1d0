import { StatFigure, StatList } from '../../ui/stat-figure.tsx';
import type { LiveStatus } from './use-live-visitors.ts';

const statusNames: Record<LiveStatus, { text: string; badge: string }> = {
  connecting: { text: 'Connecting…', badge: 'badge-paused' },
  live: { text: 'Live', badge: 'badge-live' },
  paused: { text: 'Reconnecting…', badge: 'badge-paused' },
  refused: { text: 'Not allowed', badge: 'badge-ended' },
};

const figure = (value: number | null) => (value === null ? '—' : value);

/** The headline: visits on the site now (the seed's total_active), and today's traffic. */
export function LiveFigures({
  status,
  activeNow,
  visitorsLastMinute,
  totalToday,
}: {
  status: LiveStatus;
  activeNow: number | null;
  visitorsLastMinute: number | null;
  totalToday: number | null;
}) {
  const { text, badge } = statusNames[status];
  return (
    <section className="card stack" aria-labelledby="visitors-live-heading">
      <div className="row visitors-live-title">
        <h2 id="visitors-live-heading">Right now</h2>
        <span className={`badge ${badge}`} data-testid="visitors-live-status">
          {text}
        </span>
      </div>
      <StatList testId="visitors-live-figures">
        <StatFigure label="Active now" value={figure(activeNow)} />
        <StatFigure label="Visitors in the last minute" value={figure(visitorsLastMinute)} />
        <StatFigure label="Pageviews today" value={figure(totalToday)} />
      </StatList>
    </section>
  );
}
