import type {
  VisitorCurrentStats,
  VisitorDetailedStats,
  VisitorLiveFilter,
  VisitorLiveSession,
  VisitorLiveStats,
} from '@showfloor/contracts';
import type { LiveVisit, VisitHit, VisitorSessions } from './visitor-sessions.ts';

/** What a dashboard's session activity needs of a visit (a LiveVisit is one). */
export type VisitView = Pick<
  LiveVisit,
  'id' | 'currentPage' | 'journey' | 'startedAt' | 'lastActivityAt' | 'referrer' | 'country' | 'device'
>;

/** One recorded event: its visit's ids, and the visit (none for a leave or engagement of a visit no longer held). */
export interface RecordedHit {
  sessionId: string;
  visitorId: string;
  visit?: VisitView | undefined;
}

/** How many visits are held, active now, and were evicted to stay within VISITOR_SESSIONS_MAX. */
export interface VisitCensus {
  liveSessions: number;
  active: number;
  evictions: number;
}

/**
 * Where the visits are: this node's memory, or the cluster's in Redis — `redis: 'down'` while this
 * node serves its own visitors, `backlog` the events kept for Redis, `lostWhileDown` those beyond its bound.
 */
export interface VisitorStateHealth {
  scope: 'local' | 'cluster';
  redis: 'up' | 'down' | null;
  backlog: number;
  lostWhileDown: number;
}

/**
 * The live visitor state the collector, the reads and the dashboards use: this node's memory
 * (`localVisitorState`), or the cluster's in Redis with this node's memory underneath
 * (cluster/cluster-visitor-state.ts) — so with several nodes every node answers for every visit.
 */
export interface VisitorLiveState {
  /** Applies events, in order. */
  record(hits: readonly VisitHit[]): Promise<RecordedHit[]>;
  /** Ends visits past their timeout or leave grace, and refreshes `latest`. */
  sweep(): Promise<void>;
  /** Re-reads what `latest` answers. */
  refresh(): Promise<void>;
  /**
   * The unfiltered figures as last known, without waiting: every collector answer carries them
   * and every event checks the spike alert. Current with one node; with Redis, as of this node's
   * latest write or read (`pages_visited` at most a refresh old).
   */
  latest(): VisitorLiveStats;
  currentStats(filter?: Pick<VisitorLiveFilter, 'country' | 'page'>): Promise<VisitorCurrentStats>;
  liveSessions(
    filter: VisitorLiveFilter,
    limit: number,
  ): Promise<{ sessions: VisitorLiveSession[]; total_count: number }>;
  detailedStats(filter?: VisitorLiveFilter): Promise<VisitorDetailedStats>;
  census(): Promise<VisitCensus>;
  health(): VisitorStateHealth;
}

/** One node's visits, in its memory: every answer is current. */
export function localVisitorState(sessions: VisitorSessions): VisitorLiveState {
  return {
    record: async (hits) => hits.map((hit) => sessions.record(hit)),
    sweep: async () => sessions.sweep(),
    refresh: async () => {},
    // Read for every collector answer and every event's spike check: one object, no copy.
    latest: () => Object.assign(sessions.currentStats(), { visitors_last_minute: sessions.visitorsLastMinute() }),
    currentStats: async (filter) => sessions.currentStats(filter),
    liveSessions: async (filter, limit) => sessions.liveSessions(filter, limit),
    detailedStats: async (filter) => sessions.detailedStats(filter),
    census: async () => sessions.census(),
    health: () => ({ scope: 'local', redis: null, backlog: 0, lostWhileDown: 0 }),
  };
}
