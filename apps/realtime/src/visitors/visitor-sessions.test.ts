import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import { type VisitHit, VisitorSessions } from './visitor-sessions.ts';

const minute = 60_000;

function setUp(overrides: { maxSessions?: number; journeyMaxPages?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 10, 0, 0));
  const sessions = new VisitorSessions({
    clock,
    sessionTimeoutMs: 30 * minute,
    leaveGraceMs: 10_000,
    maxSessions: overrides.maxSessions ?? 1_000,
    journeyMaxPages: overrides.journeyMaxPages ?? 50,
  });
  const hit = (visitor: string, name: string, page: string, extra: Partial<VisitHit> = {}) =>
    sessions.record({
      visitorIds: [visitor],
      name,
      page,
      referrer: null,
      country: 'India',
      device: 'mobile',
      browser: 'Chrome',
      os: 'Android',
      interactive: true,
      ...extra,
    });
  return { clock, sessions, hit };
}

describe('VisitorSessions', () => {
  it('follows a journey and its duration, and ends the visit after 30 idle minutes', async () => {
    const { clock, sessions, hit } = setUp();
    const first = hit('a', 'pageview', '/home');
    await clock.advance(20_000);
    hit('a', 'pageview', '/products');
    await clock.advance(25_000);
    const third = hit('a', 'pageview', '/products/1');
    expect(third.sessionId).toBe(first.sessionId);
    const [live] = sessions.liveSessions({}, 10).sessions;
    expect(live).toMatchObject({
      journey: ['/home', '/products', '/products/1'],
      current_page: '/products/1',
      duration: 45,
    });

    await clock.advance(30 * minute - 1);
    sessions.sweep();
    expect(sessions.size).toBe(1);
    await clock.advance(1);
    sessions.sweep();
    expect(sessions.size).toBe(0);
    const stats = sessions.detailedStats();
    expect(stats).toMatchObject({ finished_sessions: 1, bounce_rate: 0, average_visit_duration: 45 });
    expect(stats.exit_pages).toEqual({ '/products/1': 1 });
    expect(stats.entry_pages).toEqual({ '/home': 1 });
    expect(hit('a', 'pageview', '/home').sessionId).not.toBe(first.sessionId);
  });

  it('counts bounces and exit pages; a leave drops "active now" at once and a next page continues the visit', async () => {
    const { clock, sessions, hit } = setUp();
    hit('bouncer', 'pageview', '/landing');
    const reader = hit('reader', 'pageview', '/blog');
    expect(sessions.activeNow()).toBe(2);
    hit('bouncer', 'leave', '/landing');
    hit('reader', 'leave', '/blog');
    expect(sessions.activeNow()).toBe(0);
    await clock.advance(2_000);
    expect(hit('reader', 'pageview', '/blog/2').sessionId).toBe(reader.sessionId);
    expect(sessions.activeNow()).toBe(1);
    hit('reader', 'leave', '/blog/2');
    await clock.advance(10_000);
    sessions.sweep();
    expect(sessions.size).toBe(0);
    const stats = sessions.detailedStats();
    expect(stats.finished_sessions).toBe(2);
    expect(stats.bounce_rate).toBe(0.5);
    expect(stats.exit_pages).toEqual({ '/landing': 1, '/blog/2': 1 });
    expect(stats.visitors_last_5_minutes).toBe(0);
  });

  it('takes a visit out of "active now" at an engagement (a page hidden or closed) and back at its next event', async () => {
    const { clock, sessions, hit } = setUp();
    const visit = hit('a', 'pageview', '/home');
    hit('b', 'pageview', '/home');
    hit('a', 'engagement', '/home');
    expect(sessions.activeNow()).toBe(1);
    await clock.advance(60_000);
    sessions.sweep();
    // Not a leave: the visit is still there, and its next page continues it.
    expect(hit('a', 'pageview', '/cart').sessionId).toBe(visit.sessionId);
    expect(sessions.activeNow()).toBe(2);
  });

  it('keeps at most maxSessions, evicting the one idle longest, and caps journeys', async () => {
    const { clock, sessions, hit } = setUp({ maxSessions: 3, journeyMaxPages: 2 });
    for (const visitor of ['a', 'b', 'c']) {
      hit(visitor, 'pageview', '/');
      await clock.advance(1_000);
    }
    hit('a', 'pageview', '/again');
    hit('d', 'pageview', '/');
    expect(sessions.size).toBe(3);
    expect(sessions.evictions).toBe(1);
    expect(sessions.liveSessions({}, 10).sessions.map((session) => session.current_page)).not.toContain(undefined);
    // b was idle longest: gone; a (active again) stays.
    hit('a', 'pageview', '/third');
    const a = sessions.liveSessions({ page: '/third' }, 10).sessions[0];
    expect(a?.journey).toEqual(['/', '/again']);
    expect(sessions.detailedStats().finished_sessions).toBe(1);
  });

  it('filters by country, page and device', () => {
    const { sessions, hit } = setUp();
    hit('a', 'pageview', '/home', { country: 'India' });
    hit('b', 'pageview', '/home', { country: 'Germany', device: 'desktop' });
    hit('c', 'pageview', '/cart', { country: 'India' });
    expect(sessions.currentStats({ country: 'India' })).toEqual({
      total_active: 2,
      total_today: 2,
      pages_visited: { '/home': 1, '/cart': 1 },
    });
    expect(sessions.currentStats({ page: '/home' })).toEqual({
      total_active: 2,
      total_today: 2,
      pages_visited: { '/home': 2 },
    });
    expect(sessions.liveSessions({ device: 'desktop' }, 10).total_count).toBe(1);
    expect(sessions.detailedStats({ country: 'Germany' }).countries).toEqual({ Germany: 1 });
    expect(sessions.detailedStats().countries).toEqual({ India: 2, Germany: 1 });
  });

  it('starts the day again at midnight UTC', async () => {
    const { clock, sessions, hit } = setUp();
    hit('a', 'pageview', '/');
    expect(sessions.currentStats().total_today).toBe(1);
    await clock.advance(14 * 60 * minute);
    expect(sessions.currentStats().total_today).toBe(0);
  });
});
