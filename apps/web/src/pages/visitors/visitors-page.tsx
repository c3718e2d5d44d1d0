import type { VisitorLiveFilter } from '@showfloor/contracts/rest';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Failure } from '../../ui/page-states.tsx';
import { browserTimeZone } from '../feature-analytics/dashboard-query.ts';
import { type HistoryControls, historyControlsParams, readHistoryControls } from './history-query.ts';
import { HistorySection } from './history-section.tsx';
import { LiveAlerts } from './live-alerts.tsx';
import { LiveFeedPanel } from './live-feed-panel.tsx';
import { LiveFigures } from './live-figures.tsx';
import { LiveSessionsPanel } from './live-sessions-panel.tsx';
import { LiveTopPanel } from './live-top-panel.tsx';
import { useLiveVisitors } from './use-live-visitors.ts';
import './visitors.css';

/** The history's controls in the address bar, so a reload or a shared link shows the same charts. */
function useHistoryControls(): [HistoryControls, (change: Partial<HistoryControls>) => void] {
  const [params, setParams] = useSearchParams();
  const zone = browserTimeZone();
  const controls = readHistoryControls(params, zone);
  const change = (next: Partial<HistoryControls>) =>
    // At once, not in the router's transition: the controls bound to the URL show their new value on click.
    setParams((current) => historyControlsParams({ ...readHistoryControls(current, zone), ...next }, zone), {
      flushSync: true,
    });
  return [controls, change];
}

/**
 * Seed 002's dashboard for the site's owners (admins): who is on the site now, live, over the
 * realtime service's `/visitors` socket, and the history the API keeps. Anyone else is told
 * "Not allowed" by either service.
 */
export function Component() {
  const [liveFilter, setLiveFilter] = useState<VisitorLiveFilter>({});
  const live = useLiveVisitors(liveFilter);
  const [controls, changeControls] = useHistoryControls();

  if (live.status === 'refused' && live.refusal) {
    return (
      <main className="page stack">
        <h1>Visitors</h1>
        <Failure error={live.refusal} />
      </main>
    );
  }

  return (
    <main className="page stack" data-testid="visitors-page">
      <header className="page-header">
        <h1>Visitors</h1>
      </header>
      <LiveAlerts alerts={live.alerts} />
      <LiveFigures
        status={live.status}
        activeNow={live.activeNow}
        visitorsLastMinute={live.visitorsLastMinute}
        totalToday={live.totalToday}
      />
      <div className="columns columns-even">
        <LiveSessionsPanel sessions={live.sessions} />
        <LiveFeedPanel feed={live.feed} />
      </div>
      <LiveTopPanel
        detailed={live.detailed}
        filter={liveFilter}
        onFilter={(filter) => {
          setLiveFilter(filter);
          live.trackAction('filter_applied', { filterType: 'device', value: filter.device ?? 'all', section: 'live' });
        }}
      />
      <HistorySection
        controls={controls}
        onChange={(change) => {
          changeControls(change);
          live.trackAction('filter_applied', { section: 'history', changed: Object.keys(change).join(',') });
        }}
        onExported={() => live.trackAction('csv_exported', { range: controls.range, interval: controls.interval })}
      />
    </main>
  );
}
