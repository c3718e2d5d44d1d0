import type {
  LiveSessionStats,
  NodeCheckpoint,
  ProductClickStats,
  SessionTotals,
  SessionViewRecord,
} from '@showfloor/contracts';
import type { ViewerIdentity } from './viewer-identity.ts';

export type ViewerRole = 'publisher' | 'subscriber';

/** Everyone counted so far in a session, before this node picked it up. */
export interface KnownAudience {
  viewerKeys: Iterable<string>;
  clickers: Iterable<{ productId: string; viewerKeys: Iterable<string> }>;
}

/** Where a session's counting starts when this node picks it up. */
export interface SessionStart {
  sessionId: string;
  /** Joins by the creator are publishers, never counted. */
  creatorId: string;
  /**
   * What nodes reported for the session so far: this node's own reactions, clicks and peak carry
   * on; the other nodes' reactions and clicks are shown on top, never reported as this node's;
   * everyone's distinct counts are floors.
   */
  checkpoints: readonly NodeCheckpoint[];
  nodeId: string;
  /** Everyone counted before (stored by the API, or still on their way to it): they count once. */
  audiences: readonly KnownAudience[];
}

export interface JoinOutcome {
  role: ViewerRole;
  /** View records to persist: the closed previous view (on a reload), then the new open one. */
  views: SessionViewRecord[];
  countChanged: boolean;
  /** Distinct subscribers watching after the join. */
  viewerCount: number;
}

export interface LeaveOutcome {
  /** The viewer's view, closed when their last socket left. */
  closed?: SessionViewRecord;
  countChanged: boolean;
}

export interface ReactionStats {
  counts: Record<string, number>;
  total: number;
}

export interface ClickOutcome {
  stats: ProductClickStats;
  /** This viewer had not clicked the product before (anywhere known): their click is stored once. */
  firstClick: boolean;
}

export interface ClickStats {
  /** Most unique clicks first (ties: most total clicks, then product id). */
  productStats: ProductClickStats[];
  /** Distinct subscribers who joined: the CTR denominator. */
  totalViewers: number;
}

/** This node's own cumulative counts for a session: what it reports to the API. */
export type ReportedCounts = Pick<SessionTotals, 'reactionCounts' | 'productClicks' | 'peakViewers' | 'totalViewers'>;

/** A live session's counters right now, for REST reads while it is live. */
export type LiveCounts = Omit<LiveSessionStats, 'sessionId' | 'live'>;

/** What a session left behind when the node stopped tracking it. */
export interface ReleasedSession {
  /** Every view that was still open, closed now. */
  closedViews: SessionViewRecord[];
  /** The final counts of this node. */
  counts: ReportedCounts;
}

/**
 * Every live counter of the sessions this node tracks: viewers by identity (distinct subscribers,
 * never sockets; publishers never counted; a reload keeps the count), reactions per type, clicks
 * and unique clickers per product, the peak, and who is watching now. Handlers, the broadcaster,
 * the lifecycle and the sampler reach counters only through this interface, so a shared store
 * (Redis, for several nodes) can replace the in-memory one without touching them.
 *
 * Every method is async. Operations on a session that is not tracked change nothing and answer
 * `undefined` (or false, or nothing). `now` is the caller's clock, in epoch milliseconds.
 * `counter-store.contract.ts` states the behaviour every implementation must have.
 */
export interface CounterStore {
  /** Starts tracking a session from where its counting stands; one already tracked stays as it is. */
  start(session: SessionStart): Promise<void>;
  isTracked(sessionId: string): Promise<boolean>;
  /** The sessions tracked. */
  sessionIds(): Promise<string[]>;
  /** Stops tracking a session, closing its open views; undefined when it was not tracked. */
  release(sessionId: string, now: number): Promise<ReleasedSession | undefined>;
  /** Stops tracking a session nobody (publishers included) is in; false when it is not tracked or someone is. */
  releaseIfEmpty(sessionId: string): Promise<boolean>;

  /** A socket joins: the identity's first socket opens a view; another one (a reload) replaces it. */
  join(sessionId: string, identity: ViewerIdentity, socketId: string, now: number): Promise<JoinOutcome | undefined>;
  /** A socket leaves; the viewer leaves when their last socket does. */
  leave(sessionId: string, viewerKey: string, socketId: string, now: number): Promise<LeaveOutcome>;
  /** Ends every open view (shutdown); the counts stay. */
  closeAllViews(sessionId: string, now: number): Promise<SessionViewRecord[]>;
  /** Distinct subscribers watching now, for each of `sessionIds` that is tracked. */
  watchingNow(sessionIds: readonly string[]): Promise<Map<string, number>>;

  /** Counts a reaction; false when the session is not tracked. */
  addReaction(sessionId: string, type: string): Promise<boolean>;
  /** Reactions on every node known, per type. */
  reactionStats(sessionId: string): Promise<ReactionStats | undefined>;
  addClick(sessionId: string, productId: string, viewerKey: string): Promise<ClickOutcome | undefined>;
  /** Click stats on every node known; undefined until the session has a click. */
  clickStats(sessionId: string): Promise<ClickStats | undefined>;

  /** Counters and, unless `withViewers` is false, current subscribers (with how long they have watched) for live reads. */
  liveCounts(sessionId: string, now: number, withViewers?: boolean): Promise<LiveCounts | undefined>;
  /** This node's own cumulative counts (checkpoints, end of stream). */
  reportedCounts(sessionId: string): Promise<ReportedCounts | undefined>;
}
