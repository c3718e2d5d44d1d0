import { randomUUID } from 'node:crypto';
import type {
  VisitorCurrentStats,
  VisitorDetailedStats,
  VisitorDevice,
  VisitorLiveFilter,
  VisitorLiveSession,
} from '@showfloor/contracts';
import type { Clock } from '@showfloor/server-kit';
import { topCounts } from './capped-counts.ts';
import { RecencyWindow } from './recency-window.ts';
import { directKey, TodayTotals, unknownKey, type VisitorSegment } from './today-totals.ts';

const activeWindowMs = 5 * 60_000;
const lastMinuteMs = 60_000;

/** One visit held in memory. Kept small (the goal is ≤ 2 KB a session): strings are shared, the journey capped. */
export interface LiveVisit {
  /** The session id; with several nodes, the cluster's (a visit begun here may be given it later). */
  id: string;
  readonly visitorId: string;
  readonly entryPage: string;
  currentPage: string;
  readonly journey: string[];
  readonly country: string | null;
  readonly device: VisitorDevice | null;
  readonly browser: string | null;
  readonly os: string | null;
  readonly referrer: string | null;
  readonly startedAt: number;
  lastActivityAt: number;
  pageviews: number;
  interactions: number;
  left: boolean;
}

/** One accepted event, as the live state needs it. */
export interface VisitHit {
  /** Who, best guess first: the visitor's id under today's salt, then under yesterday's (a visit across midnight goes on). */
  visitorIds: readonly string[];
  /** The client's own session id (seed 002's `session_id`), when it sent one. */
  clientSessionId?: string | undefined;
  /** The visit's id as the cluster knows it: this node's visit takes it, so both name the visit alike. */
  sessionId?: string | undefined;
  name: string;
  page: string;
  referrer: string | null;
  country: string | null;
  device: VisitorDevice | null;
  browser: string | null;
  os: string | null;
  /** A custom event the visitor did (Plausible's `i: false` makes it not count against a bounce). */
  interactive: boolean;
}

export interface VisitorSessionsOptions {
  clock: Clock;
  sessionTimeoutMs: number;
  leaveGraceMs: number;
  maxSessions: number;
  journeyMaxPages: number;
}

/**
 * The live visitor state (seed 002): visits by visitor, today's totals, and who was seen lately.
 * Visits are kept in a Map in order of last activity (re-inserted on each event), so the stalest
 * is always first: timeouts and evictions take from the front. A visit ends after
 * `sessionTimeoutMs` without events, or `leaveGraceMs` after a `leave` with nothing after it
 * (a multi-page visit sends a leave as each page unloads, and the next pageview continues it);
 * a finished visit counts in today's bounce rate, durations and exit pages, and leaves memory.
 */
export class VisitorSessions {
  private readonly visits = new Map<string, LiveVisit>();
  private readonly leftAt = new Map<string, number>();
  /** Seen in the last 5 minutes and not left: "active now". */
  private readonly active = new RecencyWindow(activeWindowMs);
  private readonly lastMinute = new RecencyWindow(lastMinuteMs);
  private readonly lastFiveMinutes = new RecencyWindow(activeWindowMs);
  private readonly today = new TodayTotals();
  /** Page and referrer strings shared by every visit naming them (bounded, cleared when full). */
  private readonly interned = new Map<string, string>();
  evictions = 0;

  constructor(private readonly options: VisitorSessionsOptions) {}

  /** Applies one event; answers the visit's id (the visit itself, unless a leave or engagement came for none). */
  record(hit: VisitHit): { sessionId: string; visitorId: string; visit?: LiveVisit } {
    const now = this.options.clock.now();
    this.today.rollOver(now);
    let visit = this.find(hit.visitorIds, now);
    if (!visit) {
      if (hit.name === 'leave' || hit.name === 'engagement') {
        // The end of a visit this node does not hold (timed out, or held by another node): history only.
        return {
          sessionId: hit.sessionId ?? hit.clientSessionId ?? randomUUID(),
          visitorId: hit.visitorIds[0] as string,
        };
      }
      visit = this.start(hit, now);
    } else if (hit.sessionId !== undefined) {
      visit.id = hit.sessionId;
    }
    this.visits.delete(visit.visitorId);
    this.visits.set(visit.visitorId, visit);
    visit.lastActivityAt = now;
    this.lastMinute.touch(visit.visitorId, now);
    this.lastFiveMinutes.touch(visit.visitorId, now);

    if (hit.name === 'leave') {
      visit.left = true;
      this.active.remove(visit.visitorId);
      this.leftAt.delete(visit.visitorId);
      this.leftAt.set(visit.visitorId, now);
      return { sessionId: visit.id, visitorId: visit.visitorId, visit };
    }
    if (visit.left) {
      visit.left = false;
      this.leftAt.delete(visit.visitorId);
    }
    if (hit.name === 'engagement') {
      // Plausible's tracker sends it as its page is hidden or unloaded (a tab closed or put away),
      // and before an SPA navigation, whose pageview follows at once: nobody is looking now, so the
      // visit is out of "active now" until its next event, but goes on until its timeout.
      this.active.remove(visit.visitorId);
      return { sessionId: visit.id, visitorId: visit.visitorId, visit };
    }
    this.active.touch(visit.visitorId, now);
    if (hit.name === 'pageview') {
      const page = this.intern(hit.page);
      visit.pageviews += 1;
      visit.currentPage = page;
      if (visit.journey.length < this.options.journeyMaxPages && visit.journey.at(-1) !== page)
        visit.journey.push(page);
      this.today.countPageview(this.segmentOf(visit), page);
    } else if (hit.interactive) {
      visit.interactions += 1;
    }
    return { sessionId: visit.id, visitorId: visit.visitorId, visit };
  }

  /** Ends visits past their timeout or leave grace. Called on a timer; cost is what ends. */
  sweep(): void {
    const now = this.options.clock.now();
    this.today.rollOver(now);
    const idleCutoff = now - this.options.sessionTimeoutMs;
    for (const visit of this.visits.values()) {
      if (visit.lastActivityAt > idleCutoff) break;
      this.finish(visit);
    }
    const leaveCutoff = now - this.options.leaveGraceMs;
    for (const [visitorId, at] of this.leftAt) {
      if (at > leaveCutoff) break;
      const visit = this.visits.get(visitorId);
      if (visit) this.finish(visit);
      else this.leftAt.delete(visitorId);
    }
  }

  get size(): number {
    return this.visits.size;
  }

  census(): { liveSessions: number; active: number; evictions: number } {
    return { liveSessions: this.visits.size, active: this.activeNow(), evictions: this.evictions };
  }

  activeNow(): number {
    return this.active.size(this.options.clock.now());
  }

  visitorsLastMinute(): number {
    return this.lastMinute.size(this.options.clock.now());
  }

  currentStats(filter: Pick<VisitorLiveFilter, 'country' | 'page'> = {}): VisitorCurrentStats {
    const now = this.options.clock.now();
    this.today.rollOver(now);
    if (filter.country === undefined && filter.page === undefined) {
      return {
        total_active: this.activeNow(),
        total_today: this.today.pageviews,
        pages_visited: this.today.pagesVisited,
      };
    }
    const pages: Record<string, number> = {};
    let totalToday = 0;
    for (const segment of this.today.matching(filter)) {
      segment.pages.mergeInto(pages, filter.page);
      totalToday += filter.page === undefined ? segment.pageviews : segment.pages.get(filter.page);
    }
    return { total_active: this.activeVisits(filter, now).length, total_today: totalToday, pages_visited: pages };
  }

  /** Active visits matching the filter, most recent first (seed 002's session shape). */
  liveSessions(filter: VisitorLiveFilter, limit: number): { sessions: VisitorLiveSession[]; total_count: number } {
    const now = this.options.clock.now();
    const matching = this.activeVisits(filter, now);
    return {
      sessions: matching.slice(0, limit).map((visit) => ({
        session_id: visit.id,
        current_page: visit.currentPage,
        journey: [...visit.journey],
        duration: durationSeconds(visit),
        country: visit.country,
        device: visit.device,
        browser: visit.browser,
        os: visit.os,
        referrer: visit.referrer,
        last_activity: new Date(visit.lastActivityAt).toISOString(),
      })),
      total_count: matching.length,
    };
  }

  detailedStats(filter: VisitorLiveFilter = {}): VisitorDetailedStats {
    const now = this.options.clock.now();
    this.today.rollOver(now);
    const tables = Object.fromEntries(detailedTables.map((table) => [table, {}])) as DayFigures['tables'];
    let finished = 0;
    let bounces = 0;
    let durationMs = 0;
    let totalToday = 0;
    for (const segment of this.today.matching(filter)) {
      segment.pages.mergeInto(tables.pages, filter.page);
      segment.entryPages.mergeInto(tables.entry_pages, filter.page);
      segment.exitPages.mergeInto(tables.exit_pages, filter.page);
      segment.referrers.mergeInto(tables.referrers);
      segment.browsers.mergeInto(tables.browsers);
      segment.os.mergeInto(tables.os);
      if (segment.sessions > 0) {
        const country = segment.country ?? unknownKey;
        const device = segment.device ?? unknownKey;
        tables.countries[country] = (tables.countries[country] ?? 0) + segment.sessions;
        tables.devices[device] = (tables.devices[device] ?? 0) + segment.sessions;
      }
      finished += segment.finished;
      bounces += segment.bounces;
      durationMs += segment.finishedDurationMs;
      totalToday += filter.page === undefined ? segment.pageviews : segment.pages.get(filter.page);
    }
    const unfiltered = filter.country === undefined && filter.page === undefined && filter.device === undefined;
    const seenWithin = (windowMs: number) =>
      unfiltered
        ? undefined
        : [...this.visits.values()].filter((visit) => visit.lastActivityAt > now - windowMs && matches(visit, filter))
            .length;
    return detailedStatsOf(
      {
        totalActive: this.activeVisits(filter, now).length,
        totalToday,
        tables,
        finished,
        bounces,
        durationMs,
        lastMinute: seenWithin(lastMinuteMs) ?? this.lastMinute.size(now),
        lastFiveMinutes: seenWithin(activeWindowMs) ?? this.lastFiveMinutes.size(now),
      },
      now,
    );
  }

  private activeVisits(filter: VisitorLiveFilter, now: number): LiveVisit[] {
    const visits: LiveVisit[] = [];
    for (const visitorId of this.active.recentFirst(now)) {
      const visit = this.visits.get(visitorId);
      if (visit && matches(visit, filter)) visits.push(visit);
    }
    return visits;
  }

  private find(visitorIds: readonly string[], now: number): LiveVisit | undefined {
    for (const visitorId of visitorIds) {
      const visit = this.visits.get(visitorId);
      if (!visit) continue;
      const expired =
        visit.lastActivityAt <= now - this.options.sessionTimeoutMs ||
        (visit.left && (this.leftAt.get(visitorId) ?? now) <= now - this.options.leaveGraceMs);
      if (!expired) return visit;
      // Its timer has not run yet: it ends now, before this event starts the next visit.
      this.finish(visit);
    }
    return undefined;
  }

  private start(hit: VisitHit, now: number): LiveVisit {
    while (this.visits.size >= this.options.maxSessions) {
      const oldest = this.visits.values().next().value as LiveVisit;
      this.finish(oldest);
      this.evictions += 1;
    }
    const entryPage = this.intern(hit.page);
    const visit: LiveVisit = {
      id: hit.sessionId ?? hit.clientSessionId ?? randomUUID(),
      visitorId: hit.visitorIds[0] as string,
      entryPage,
      currentPage: entryPage,
      journey: [],
      country: hit.country,
      device: hit.device,
      browser: hit.browser,
      os: hit.os,
      referrer: hit.referrer === null ? null : this.intern(hit.referrer),
      startedAt: now,
      lastActivityAt: now,
      pageviews: 0,
      interactions: 0,
      left: false,
    };
    const segment = this.segmentOf(visit);
    segment.sessions += 1;
    segment.entryPages.add(entryPage);
    segment.referrers.add(visit.referrer ?? directKey);
    segment.browsers.add(visit.browser ?? unknownKey);
    segment.os.add(visit.os ?? unknownKey);
    return visit;
  }

  private finish(visit: LiveVisit): void {
    this.visits.delete(visit.visitorId);
    this.leftAt.delete(visit.visitorId);
    this.active.remove(visit.visitorId);
    this.lastMinute.remove(visit.visitorId);
    this.lastFiveMinutes.remove(visit.visitorId);
    const segment = this.segmentOf(visit);
    segment.finished += 1;
    if (visit.pageviews <= 1 && visit.interactions === 0) segment.bounces += 1;
    segment.finishedDurationMs += visit.lastActivityAt - visit.startedAt;
    segment.exitPages.add(visit.currentPage);
  }

  private segmentOf(visit: LiveVisit): VisitorSegment {
    return this.today.segment(visit.country, visit.device);
  }

  private intern(value: string): string {
    const shared = this.interned.get(value);
    if (shared !== undefined) return shared;
    if (this.interned.size >= 50_000) this.interned.clear();
    this.interned.set(value, value);
    return value;
  }
}

/** The day's figures for a filter, as both the local and the cluster state gather them. */
export interface DayFigures {
  totalActive: number;
  totalToday: number;
  tables: Record<(typeof detailedTables)[number], Record<string, number>>;
  finished: number;
  bounces: number;
  durationMs: number;
  lastMinute: number;
  lastFiveMinutes: number;
}

export const detailedTables = [
  'pages',
  'entry_pages',
  'exit_pages',
  'referrers',
  'countries',
  'devices',
  'browsers',
  'os',
] as const;

/** `GET /api/analytics/detailed`'s answer from the day's figures: the top 100 of each table, bounce rate, average duration. */
export function detailedStatsOf(figures: DayFigures, now: number): VisitorDetailedStats {
  const { tables, finished } = figures;
  return {
    total_active: figures.totalActive,
    total_today: figures.totalToday,
    pages: topCounts(tables.pages),
    entry_pages: topCounts(tables.entry_pages),
    exit_pages: topCounts(tables.exit_pages),
    referrers: topCounts(tables.referrers),
    countries: topCounts(tables.countries),
    devices: topCounts(tables.devices),
    browsers: topCounts(tables.browsers),
    os: topCounts(tables.os),
    visitors_last_minute: figures.lastMinute,
    visitors_last_5_minutes: figures.lastFiveMinutes,
    bounce_rate: finished === 0 ? 0 : figures.bounces / finished,
    average_visit_duration: finished === 0 ? 0 : Math.round(figures.durationMs / finished / 100) / 10,
    finished_sessions: finished,
    generated_at: new Date(now).toISOString(),
  };
}

function matches(visit: LiveVisit, filter: VisitorLiveFilter): boolean {
  return (
    (filter.country === undefined || visit.country === filter.country) &&
    (filter.device === undefined || visit.device === filter.device) &&
    (filter.page === undefined || visit.currentPage === filter.page)
  );
}

/** Seconds from a visit's first event to its latest. */
export function durationSeconds(visit: Pick<LiveVisit, 'startedAt' | 'lastActivityAt'>): number {
  return Math.max(0, Math.round((visit.lastActivityAt - visit.startedAt) / 1000));
}
