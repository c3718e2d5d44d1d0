import { ManualClock } from '@showfloor/testing';
import { describe, expect, it } from 'vitest';
import type { VisitorLiveState } from './visitor-live-state.ts';
import type { VisitHit, VisitorSessionsOptions } from './visitor-sessions.ts';

const minute = 60_000;

/** How a contract run gets a live state of the kind under test: a fresh, empty one, on `clock`. */
export interface VisitorLiveStateFixture {
  create(options: VisitorSessionsOptions): VisitorLiveState | Promise<VisitorLiveState>;
}

/**
 * The visit rules every live visitor state must follow (this node's memory, or the cluster's in
 * Redis), run by each implementation's test file.
 */
export function describeVisitorLiveStateContract(name: string, fixture: VisitorLiveStateFixture): void {
  async function setUp(overrides: { maxSessions?: number; journeyMaxPages?: number } = {}) {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 10, 0, 0));
    const state = await fixture.create({
      clock,
      sessionTimeoutMs: 30 * minute,
      leaveGraceMs: 10_000,
      maxSessions: overrides.maxSessions ?? 1_000,
      journeyMaxPages: overrides.journeyMaxPages ?? 50,
    });
    const hit = async (visitor: string, name: string, page: string, extra: Partial<VisitHit> = {}) => {
      const [recorded] = await state.record([
        {
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
        },
      ]);
      if (!recorded) throw new Error('nothing recorded');
      return recorded;
    };
    const activeNow = async () => (await state.census()).active;
    const held = async () => (await state.census()).liveSessions;
    return { clock, state, hit, activeNow, held };
  }

  describe(`${name} (visitor live state contract)`, () => {
    it('follows a journey and its duration, and ends the visit after 30 idle minutes', async () => {
      const { clock, state, hit, held } = await setUp();
      const first = await hit('a', 'pageview', '/home');
      await clock.advance(20_000);
      await hit('a', 'pageview', '/products');
      await clock.advance(25_000);
      const third = await hit('a', 'pageview', '/products/1');
      expect(third.sessionId).toBe(first.sessionId);
      expect(third.visit).toMatchObject({ currentPage: '/products/1', journey: ['/home', '/products', '/products/1'] });
      const [live] = (await state.liveSessions({}, 10)).sessions;
      expect(live).toMatchObject({
        journey: ['/home', '/products', '/products/1'],
        current_page: '/products/1',
        duration: 45,
        country: 'India',
        device: 'mobile',
        browser: 'Chrome',
        os: 'Android',
        referrer: null,
      });

      await clock.advance(30 * minute - 1);
      await state.sweep();
      expect(await held()).toBe(1);
      await clock.advance(1);
      await state.sweep();
      expect(await held()).toBe(0);
      const stats = await state.detailedStats();
      expect(stats).toMatchObject({ finished_sessions: 1, bounce_rate: 0, average_visit_duration: 45 });
      expect(stats.exit_pages).toEqual({ '/products/1': 1 });
      expect(stats.entry_pages).toEqual({ '/home': 1 });
      expect(stats.referrers).toEqual({ '(direct)': 1 });
      expect(stats.browsers).toEqual({ Chrome: 1 });
      expect((await hit('a', 'pageview', '/home')).sessionId).not.toBe(first.sessionId);
    });

    it('counts bounces and exit pages; a leave drops "active now" at once and a next page continues the visit', async () => {
      const { clock, state, hit, activeNow, held } = await setUp();
      await hit('bouncer', 'pageview', '/landing');
      const reader = await hit('reader', 'pageview', '/blog');
      expect(await activeNow()).toBe(2);
      expect(state.latest()).toMatchObject({ total_active: 2, total_today: 2, visitors_last_minute: 2 });
      await hit('bouncer', 'leave', '/landing');
      await hit('reader', 'leave', '/blog');
      expect(await activeNow()).toBe(0);
      await clock.advance(2_000);
      expect((await hit('reader', 'pageview', '/blog/2')).sessionId).toBe(reader.sessionId);
      expect(await activeNow()).toBe(1);
      await hit('reader', 'leave', '/blog/2');
      await clock.advance(10_000);
      await state.sweep();
      expect(await held()).toBe(0);
      const stats = await state.detailedStats();
      expect(stats.finished_sessions).toBe(2);
      expect(stats.bounce_rate).toBe(0.5);
      expect(stats.exit_pages).toEqual({ '/landing': 1, '/blog/2': 1 });
      expect(stats.visitors_last_5_minutes).toBe(0);
    });

    it('takes a visit out of "active now" at an engagement (a page hidden or closed) and back at its next event', async () => {
      const { clock, state, hit, activeNow } = await setUp();
      const visit = await hit('a', 'pageview', '/home');
      await hit('b', 'pageview', '/home');
      await hit('a', 'engagement', '/home');
      expect(await activeNow()).toBe(1);
      await clock.advance(60_000);
      await state.sweep();
      // Not a leave: the visit is still there, and its next page continues it.
      expect((await hit('a', 'pageview', '/cart')).sessionId).toBe(visit.sessionId);
      expect(await activeNow()).toBe(2);
      // The end of a visit nobody holds is recorded for the history only.
      expect((await hit('nobody', 'leave', '/x')).visit).toBeUndefined();
    });

    it('keeps at most maxSessions, evicting the one idle longest, and caps journeys', async () => {
      const { clock, state, hit, held } = await setUp({ maxSessions: 3, journeyMaxPages: 2 });
      for (const visitor of ['a', 'b', 'c']) {
        await hit(visitor, 'pageview', '/');
        await clock.advance(1_000);
      }
      await hit('a', 'pageview', '/again');
      await hit('d', 'pageview', '/');
      expect(await held()).toBe(3);
      expect((await state.census()).evictions).toBe(1);
      // b was idle longest: gone; a (active again) stays.
      await hit('a', 'pageview', '/third');
      const a = (await state.liveSessions({ page: '/third' }, 10)).sessions[0];
      expect(a?.journey).toEqual(['/', '/again']);
      expect((await state.detailedStats()).finished_sessions).toBe(1);
    });

    it('filters by country, page and device', async () => {
      const { state, hit } = await setUp();
      await hit('a', 'pageview', '/home', { country: 'India' });
      await hit('b', 'pageview', '/home', { country: 'Germany', device: 'desktop' });
      await hit('c', 'pageview', '/cart', { country: 'India' });
      await hit('d', 'pageview', '/cart', { country: null, device: null, browser: null });
      expect(await state.currentStats({ country: 'India' })).toEqual({
        total_active: 2,
        total_today: 2,
        pages_visited: { '/home': 1, '/cart': 1 },
      });
      expect(await state.currentStats({ page: '/home' })).toEqual({
        total_active: 2,
        total_today: 2,
        pages_visited: { '/home': 2 },
      });
      expect(await state.currentStats()).toEqual({
        total_active: 4,
        total_today: 4,
        pages_visited: { '/home': 2, '/cart': 2 },
      });
      const desktop = await state.liveSessions({ device: 'desktop' }, 10);
      expect(desktop.total_count).toBe(1);
      expect(desktop.sessions[0]).toMatchObject({ country: 'Germany', current_page: '/home' });
      expect((await state.liveSessions({}, 2)).sessions).toHaveLength(2);
      const indianCarts = await state.liveSessions({ country: 'India', page: '/cart' }, 10);
      expect(indianCarts.total_count).toBe(1);
      expect(indianCarts.sessions[0]?.current_page).toBe('/cart');
      expect((await state.detailedStats({ country: 'Germany' })).countries).toEqual({ Germany: 1 });
      const all = await state.detailedStats();
      expect(all.countries).toEqual({ India: 2, Germany: 1, '(unknown)': 1 });
      expect(all.devices).toEqual({ mobile: 2, desktop: 1, '(unknown)': 1 });
      expect(all.browsers).toEqual({ Chrome: 3, '(unknown)': 1 });
      expect((await state.detailedStats({ page: '/cart', device: 'mobile' })).visitors_last_minute).toBe(1);
    });

    it('starts the day again at midnight UTC', async () => {
      const { clock, state, hit } = await setUp();
      await hit('a', 'pageview', '/');
      expect((await state.currentStats()).total_today).toBe(1);
      await clock.advance(14 * 60 * minute);
      expect((await state.currentStats()).total_today).toBe(0);
    });
  });
}
