import type { VisitorDevice, VisitorLiveFilter, VisitorLiveSession } from '@showfloor/contracts';
import type { RedisClient } from '@showfloor/server-kit';
import type { RecordedHit } from '../visitors/visitor-live-state.ts';
import { type DayFigures, durationSeconds, type VisitHit } from '../visitors/visitor-sessions.ts';
import {
  activeVisitsScript,
  dashboardsScript,
  filteredStatsScript,
  recordScript,
  saltScript,
  statsScript,
  sweepScript,
} from './visitor-scripts.ts';

/** The rules of a visit, as VisitorSessions has them (config). */
export interface VisitRules {
  sessionTimeoutMs: number;
  leaveGraceMs: number;
  maxSessions: number;
  journeyMaxPages: number;
}

/** An event as Redis is given it: when it happened here, and the id its visit takes if it starts one. */
export interface TimedHit extends VisitHit {
  at: number;
  candidateId: string;
}

/** The unfiltered figures Redis answers at once. */
export interface VisitTotals {
  active: number;
  today: number;
  lastMinute: number;
}

export interface VisitStats extends VisitTotals {
  lastFiveMinutes: number;
  liveSessions: number;
  evictions: number;
  /** Only when asked for. */
  pagesVisited?: Record<string, number>;
}

/** Null in the scripts' arguments. */
const none = '\u0000';
const saltKeepSeconds = 49 * 3_600;

const text = (value: string | null | undefined) => value ?? none;
const filterArgs = (filter: Pick<VisitorLiveFilter, 'country' | 'device' | 'page'>) => [
  text(filter.country),
  text(filter.device),
  text(filter.page),
];
const journeyOf = (joined: string | null) => (joined ? joined.split(none) : []);
const pairs = (flat: unknown): Record<string, number> => {
  const entries = flat as string[];
  const record: Record<string, number> = {};
  for (let i = 0; i < entries.length; i += 2) record[entries[i] as string] = Number(entries[i + 1]);
  return record;
};
// cjson writes an empty Lua table as {}: a list with nothing in it.
const listOf = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/**
 * One node's view of the cluster's visitor state in Redis (layout and rules in
 * visitor-scripts.ts): every method is one round trip and throws when Redis does not answer —
 * the cluster visitor state decides what then.
 */
export class ClusterVisits {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly nodeId: string,
    private readonly rules: VisitRules,
  ) {}

  /** Applies events in order; what each recorded, and the totals after them. */
  async record(hits: readonly TimedHit[], now: number): Promise<{ recorded: RecordedHit[]; totals: VisitTotals }> {
    const { rules } = this;
    const args: (string | number)[] = [
      this.prefix,
      now,
      rules.sessionTimeoutMs,
      rules.leaveGraceMs,
      rules.maxSessions,
      rules.journeyMaxPages,
    ];
    for (const hit of hits) {
      args.push(
        hit.at,
        hit.visitorIds.join(none),
        hit.candidateId,
        hit.name,
        hit.page,
        text(hit.referrer),
        text(hit.country),
        text(hit.device),
        text(hit.browser),
        text(hit.os),
        hit.interactive ? '1' : '0',
      );
    }
    const rows = (await recordScript.run(this.redis, args)) as unknown[][];
    const [active, today, lastMinute] = (rows.pop() ?? []) as number[];
    const recorded = rows.map((row): RecordedHit => {
      const [sessionId, visitorId, referrer, country, device, currentPage, journey, startedAt, lastActivityAt] =
        row as [string, string, string | null, string | null, string | null, string, string, number, number];
      if (row.length === 2) return { sessionId, visitorId };
      return {
        sessionId,
        visitorId,
        visit: {
          id: sessionId,
          currentPage,
          journey: journeyOf(journey),
          startedAt,
          lastActivityAt,
          referrer,
          country,
          device: device as VisitorDevice | null,
        },
      };
    });
    return { recorded, totals: { active: active ?? 0, today: today ?? 0, lastMinute: lastMinute ?? 0 } };
  }

  /** Ends visits past their timeout or leave grace; how many ended. */
  async sweep(now: number): Promise<number> {
    const { sessionTimeoutMs, leaveGraceMs } = this.rules;
    return Number(await sweepScript.run(this.redis, [this.prefix, now, sessionTimeoutMs, leaveGraceMs]));
  }

  async stats(now: number, withPages: boolean): Promise<VisitStats> {
    const row = (await statsScript.run(this.redis, [this.prefix, now, withPages ? '1' : '0'])) as unknown[];
    const [active, today, lastMinute, lastFiveMinutes, liveSessions, evictions] = row.map(Number) as number[];
    return {
      active: active ?? 0,
      today: today ?? 0,
      lastMinute: lastMinute ?? 0,
      lastFiveMinutes: lastFiveMinutes ?? 0,
      liveSessions: liveSessions ?? 0,
      evictions: evictions ?? 0,
      ...(withPages ? { pagesVisited: pairs(row[6]) } : {}),
    };
  }

  /** Today's figures for a filter: pages and totals, and with `detailed` every table. */
  async dayFigures(now: number, filter: VisitorLiveFilter, detailed: boolean): Promise<DayFigures> {
    const args = [this.prefix, now, ...filterArgs(filter), detailed ? '1' : '0'];
    const r = JSON.parse(String(await filteredStatsScript.run(this.redis, args))) as {
      today: number;
      active: number;
      pages: Record<string, number>;
      entry: Record<string, number>;
      exit: Record<string, number>;
      referrers: Record<string, number>;
      browsers: Record<string, number>;
      os: Record<string, number>;
      countries: Record<string, number>;
      devices: Record<string, number>;
      finished: number;
      bounces: number;
      duration: number;
      last_minute?: number;
      last_5_minutes?: number;
    };
    return {
      totalActive: r.active,
      totalToday: r.today,
      tables: {
        pages: r.pages,
        entry_pages: r.entry,
        exit_pages: r.exit,
        referrers: r.referrers,
        countries: r.countries,
        devices: r.devices,
        browsers: r.browsers,
        os: r.os,
      },
      finished: r.finished,
      bounces: r.bounces,
      durationMs: r.duration,
      lastMinute: r.last_minute ?? 0,
      lastFiveMinutes: r.last_5_minutes ?? 0,
    };
  }

  /** Active visits matching the filter, most recent first. */
  async activeVisits(
    now: number,
    filter: VisitorLiveFilter,
    limit: number,
  ): Promise<{ sessions: VisitorLiveSession[]; total_count: number }> {
    const args = [this.prefix, now, ...filterArgs(filter), limit];
    const answer = JSON.parse(String(await activeVisitsScript.run(this.redis, args))) as {
      rows: unknown;
      total: number;
    };
    // HMGET's fields: id, cur, journey, country, device, browser, os, ref, last, start (false: absent).
    const sessions = listOf<(string | false)[]>(answer.rows).map((row): VisitorLiveSession => {
      const [id, currentPage, journey, country, device, browser, os, referrer, last, start] = row.map((value) =>
        value === false ? null : value,
      );
      const lastActivityAt = Number(last);
      return {
        session_id: String(id),
        current_page: String(currentPage),
        journey: journeyOf(journey ?? null),
        duration: durationSeconds({ startedAt: Number(start), lastActivityAt }),
        country: country ?? null,
        device: (device ?? null) as VisitorDevice | null,
        browser: browser ?? null,
        os: os ?? null,
        referrer: referrer ?? null,
        last_activity: new Date(lastActivityAt).toISOString(),
      };
    });
    return { sessions, total_count: answer.total };
  }

  /** The day's salt every node uses; `offer` becomes it when the day has none. */
  async salt(day: number, offer: Buffer | undefined): Promise<Buffer | undefined> {
    const args = [this.prefix, day, offer?.toString('hex') ?? '', saltKeepSeconds];
    const salt = await saltScript.run(this.redis, args);
    return typeof salt === 'string' ? Buffer.from(salt, 'hex') : undefined;
  }

  /** Records this node's dashboards; the whole cluster's. */
  async dashboards(here: number): Promise<number> {
    return Number(await dashboardsScript.run(this.redis, [this.prefix, this.nodeId, here]));
  }
}
