import type { VisitorFeedEvent, VisitorUpdatePayload } from '@showfloor/contracts/socket';
import { describe, expect, it } from 'vitest';
import { initialLiveVisitors, liveLimits, liveVisitorsReducer, topRows } from './live-visitors-state.ts';

function pageview(sessionId: string, page: string, second: number, type = 'pageview'): VisitorFeedEvent {
  return {
    type,
    page,
    session_id: sessionId,
    timestamp: new Date(Date.UTC(2026, 11, 2, 12, 0, second)).toISOString(),
    country: 'India',
    device: 'mobile',
    browser: 'Chrome',
    referrer: null,
  };
}

function update(events: VisitorFeedEvent[], totalActive = 1): VisitorUpdatePayload {
  const latest = events.at(-1) as VisitorFeedEvent;
  return {
    event: latest,
    events,
    omitted: 0,
    stats: { total_active: totalActive, total_today: events.length, pages_visited: {}, visitors_last_minute: 1 },
  };
}

describe('the live visitors state', () => {
  it('shows the newest pageview first and keeps only the last few, however many arrive', () => {
    let state = initialLiveVisitors;
    for (let batch = 0; batch < 10; batch += 1) {
      const events = Array.from({ length: 5 }, (_, at) => pageview('s1', `/page-${batch * 5 + at}`, batch * 5 + at));
      state = liveVisitorsReducer(state, { type: 'visitor-update', payload: update(events) });
    }
    expect(state.feed).toHaveLength(liveLimits.feed);
    expect(state.feed[0]?.event.page).toBe('/page-49');
    expect(state.feed.at(-1)?.event.page).toBe(`/page-${50 - liveLimits.feed}`);
    expect(new Set(state.feed.map((item) => item.key)).size).toBe(liveLimits.feed);
  });

  it('leaves time-on-page and leave events out of the feed but takes their figures', () => {
    const state = liveVisitorsReducer(initialLiveVisitors, {
      type: 'visitor-update',
      payload: update([pageview('s1', '/home', 1), pageview('s1', '/home', 5, 'engagement')], 0),
    });
    expect(state.feed.map((item) => item.event.type)).toEqual(['pageview']);
    expect(state.activeNow).toBe(0);
  });

  it('puts a new visit in the sessions at once with its device and browser, and its journey from session_activity', () => {
    let state = liveVisitorsReducer(initialLiveVisitors, {
      type: 'visitor-update',
      payload: update([pageview('s1', '/home', 1)]),
    });
    state = liveVisitorsReducer(state, {
      type: 'session-activity',
      at: new Date().toISOString(),
      payload: {
        session_id: 's1',
        current_page: '/pricing',
        journey: ['/home', '/pricing'],
        duration: 12,
        sessions: [{ session_id: 's1', current_page: '/pricing', journey: ['/home', '/pricing'], duration: 12 }],
      },
    });
    expect(state.sessions).toEqual([
      expect.objectContaining({
        session_id: 's1',
        journey: ['/home', '/pricing'],
        current_page: '/pricing',
        device: 'mobile',
        browser: 'Chrome',
        country: 'India',
        duration: 12,
      }),
    ]);
  });

  it('keeps the headline figures the whole site’s when the top lists are filtered', () => {
    const stats = {
      total_active: 4,
      total_today: 10,
      pages: { '/home': 3 },
      entry_pages: {},
      exit_pages: {},
      referrers: {},
      countries: {},
      devices: { mobile: 1 },
      browsers: {},
      os: {},
      visitors_last_minute: 2,
      visitors_last_5_minutes: 4,
      bounce_rate: 0,
      average_visit_duration: 0,
      finished_sessions: 0,
      generated_at: new Date().toISOString(),
    };
    let state = liveVisitorsReducer(initialLiveVisitors, { type: 'detailed-loaded', detailed: stats, filtered: false });
    state = liveVisitorsReducer(state, {
      type: 'detailed-loaded',
      detailed: { ...stats, total_active: 1, pages: { '/m': 1 } },
      filtered: true,
    });
    expect(state.activeNow).toBe(4);
    expect(state.detailed?.pages).toEqual({ '/m': 1 });
  });

  it('keeps the newest alerts first, a few at most', () => {
    let state = initialLiveVisitors;
    for (let crossing = 1; crossing <= 7; crossing += 1) {
      state = liveVisitorsReducer(state, {
        type: 'alert',
        at: new Date().toISOString(),
        payload: { level: 'warning', message: 'High', details: { visitors_last_minute: 10 + crossing, threshold: 10 } },
      });
    }
    expect(state.alerts.map((alert) => alert.details.visitors_last_minute)).toEqual([17, 16, 15, 14, 13]);
  });

  it('ranks top rows by count, then name', () => {
    expect(topRows({ '/b': 2, '/a': 2, '/c': 5 }, 2)).toEqual([
      { name: '/c', count: 5 },
      { name: '/a', count: 2 },
    ]);
  });
});
