import { randomUUID } from 'node:crypto';
import type {
  VisitorCurrentStats,
  VisitorDetailedStats,
  VisitorLiveFilter,
  VisitorLiveSession,
  VisitorLiveStats,
} from '@showfloor/contracts';
import { GroupCommitWriter } from '@showfloor/group-commit';
import type { Clock, Logger } from '@showfloor/server-kit';
import { pagesVisitedRefreshMs } from '../visitors/collector-answer.ts';
import type { RecordedHit, VisitCensus, VisitorLiveState, VisitorStateHealth } from '../visitors/visitor-live-state.ts';
import { detailedStatsOf, type VisitHit, type VisitorSessions } from '../visitors/visitor-sessions.ts';
import type { ClusterVisits, TimedHit, VisitTotals } from './cluster-visits.ts';
import { RedisAvailability } from './redis-availability.ts';

/** Events kept for Redis while it does not answer; beyond, the oldest are dropped (counted). */
const backlogMax = 10_000;
/** Events a script call at most (the backlog replays in calls of this size too). */
const eventsPerCall = 500;

/**
 * Visitor analytics' live state with several nodes (REDIS_URL): the visits are the cluster's,
 * kept in Redis (cluster-visits.ts), so a visit whose events reach different nodes is one visit
 * with one journey, "active now" and today's tables count every node's visitors, and any node
 * answers every read and feeds its dashboards the same figures.
 *
 * Each node still keeps the visits it saw in its own memory, underneath (under the cluster's
 * session ids): while Redis does not answer, the node serves its own visitors, says so in /health,
 * and keeps the events Redis missed (the newest 10,000) to replay in order when it answers again.
 * Nothing sent to the history depends on Redis: records carry the cluster's session id when
 * Redis answered, this node's otherwise.
 */
export class ClusterVisitorState implements VisitorLiveState {
  /** Events Redis has not had yet, oldest first. */
  private backlog: TimedHit[] = [];
  private lostWhileDown = 0;
  private figures: VisitorLiveStats = { total_active: 0, total_today: 0, pages_visited: {}, visitors_last_minute: 0 };
  private pagesReadAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private catchingUp: Promise<void> | undefined;
  private readonly redis: RedisAvailability;
  /**
   * One script call in flight per node; requests arriving meanwhile go together in the next.
   * A call has a cost of its own in Redis (measured: 138 µs of Redis CPU an event at one event a
   * call, 80 µs at fifty), so under load this is what lets one Redis serve several nodes. The
   * deadline is long: an event refused while its call may still land would be replayed twice.
   */
  private readonly writes = new GroupCommitWriter<TimedHit, RecordedHit>({
    commit: async (hits) => {
      const { recorded, totals } = await this.cluster.record(hits, this.clock.now());
      this.noteTotals(totals);
      return recorded;
    },
    maxBatchItems: eventsPerCall,
    lingerMs: 0,
    maxPendingItems: 20_000,
    deadlineMs: 10_000,
    concurrency: 1,
  });

  constructor(
    private readonly local: VisitorSessions,
    private readonly cluster: ClusterVisits,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.redis = new RedisAvailability(logger, {
      down: 'redis unavailable: visitor analytics serves this node’s visitors, and keeps the events for Redis',
      up: 'redis answers again: the visits it missed were replayed',
    });
  }

  async record(hits: readonly VisitHit[]): Promise<RecordedHit[]> {
    const now = this.clock.now();
    const timed = hits.map((hit) => ({ ...hit, at: now, candidateId: hit.clientSessionId ?? randomUUID() }));
    // Behind a backlog, events wait their turn: Redis must get them in order.
    if (this.redis.state === 'up' && this.backlog.length === 0) {
      const recorded = await this.shared(() => this.writes.submit(timed));
      if (recorded) {
        if (now - this.pagesReadAt >= pagesVisitedRefreshMs) void this.refresh();
        for (const [index, hit] of hits.entries()) this.local.record({ ...hit, sessionId: recorded[index]?.sessionId });
        return recorded;
      }
    }
    return timed.map((hit) => {
      const recorded = this.local.record(hit);
      // A visit Redis starts from this event takes the id the history was given.
      hit.candidateId = recorded.sessionId;
      this.keep(hit);
      return recorded;
    });
  }

  async sweep(): Promise<void> {
    if (this.redis.state === 'down' || this.backlog.length > 0) await this.catchUp();
    this.local.sweep();
    await this.shared(() => this.cluster.sweep(this.clock.now()));
    await this.refresh();
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.readFigures().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  latest(): VisitorLiveStats {
    if (this.redis.state === 'down') {
      return Object.assign(this.local.currentStats(), { visitors_last_minute: this.local.visitorsLastMinute() });
    }
    return this.figures;
  }

  async currentStats(filter: Pick<VisitorLiveFilter, 'country' | 'page'> = {}): Promise<VisitorCurrentStats> {
    const now = this.clock.now();
    if (filter.country === undefined && filter.page === undefined) {
      const stats = await this.shared(() => this.cluster.stats(now, true));
      if (stats)
        return { total_active: stats.active, total_today: stats.today, pages_visited: stats.pagesVisited ?? {} };
    } else {
      const day = await this.shared(() => this.cluster.dayFigures(now, filter, false));
      if (day) return { total_active: day.totalActive, total_today: day.totalToday, pages_visited: day.tables.pages };
    }
    return this.local.currentStats(filter);
  }

  async liveSessions(
    filter: VisitorLiveFilter,
    limit: number,
  ): Promise<{ sessions: VisitorLiveSession[]; total_count: number }> {
    return (
      (await this.shared(() => this.cluster.activeVisits(this.clock.now(), filter, limit))) ??
      this.local.liveSessions(filter, limit)
    );
  }

  async detailedStats(filter: VisitorLiveFilter = {}): Promise<VisitorDetailedStats> {
    const now = this.clock.now();
    const day = await this.shared(() => this.cluster.dayFigures(now, filter, true));
    return day ? detailedStatsOf(day, now) : this.local.detailedStats(filter);
  }

  async census(): Promise<VisitCensus> {
    const stats = await this.shared(() => this.cluster.stats(this.clock.now(), false));
    return stats
      ? { liveSessions: stats.liveSessions, active: stats.active, evictions: stats.evictions }
      : this.local.census();
  }

  health(): VisitorStateHealth {
    return {
      scope: 'cluster',
      redis: this.redis.state,
      backlog: this.backlog.length,
      lostWhileDown: this.lostWhileDown,
    };
  }

  private noteTotals(totals: VisitTotals): void {
    Object.assign(this.figures, {
      total_active: totals.active,
      total_today: totals.today,
      visitors_last_minute: totals.lastMinute,
    });
  }

  private async readFigures(): Promise<void> {
    const now = this.clock.now();
    const withPages = now - this.pagesReadAt >= pagesVisitedRefreshMs;
    const stats = await this.shared(() => this.cluster.stats(now, withPages));
    if (!stats) return;
    this.figures = {
      total_active: stats.active,
      total_today: stats.today,
      pages_visited: stats.pagesVisited ?? this.figures.pages_visited,
      visitors_last_minute: stats.lastMinute,
    };
    if (withPages) this.pagesReadAt = now;
  }

  private keep(hit: TimedHit): void {
    this.backlog.push(hit);
    if (this.backlog.length > backlogMax) {
      this.backlog.shift();
      this.lostWhileDown += 1;
    }
  }

  /** Replays the backlog in order; Redis is up again once it has every event. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        while (this.backlog.length > 0) {
          const chunk = this.backlog.slice(0, eventsPerCall);
          await this.cluster.record(chunk, this.clock.now());
          this.backlog = this.backlog.slice(chunk.length);
        }
        this.redis.markUp();
      } catch (error) {
        this.redis.markDown(error);
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  private shared<T>(operation: () => Promise<T>): Promise<T | undefined> {
    return this.redis.attempt(operation);
  }
}
