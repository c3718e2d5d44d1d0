import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  isOnAir,
  type LiveSessionStats,
  NotFoundError,
  type PageMeta,
  type PaginationQuery,
  pageMeta,
  type SessionAnalyticsView,
  type SessionLiveViewersView,
  type SessionViewEntry,
  type SessionViewHistoryView,
  type SnapshotTimeRange,
  type ViewerSnapshotSeriesView,
} from '@showfloor/contracts';
import { formatDuration } from '@showfloor/contracts/rules';
import type { Logger } from '@showfloor/server-kit';
import type { LiveStatsReader } from '../../integrations/live-stats-reader.ts';
import { assertCanManage } from '../../shared/authorization.ts';
import type { FinalFigures } from '../realtime-ingest/final-figures.repository.ts';
import { rankReactions } from './reaction-breakdown.ts';
import { labelRetentionCounts } from './retention-ranges.ts';
import type { AnalyticsSessionRecord, SessionAnalyticsRepository, ViewRow } from './session-analytics.repository.ts';
import { snapshotWindowStart } from './snapshot-time-range.ts';

export interface SessionAnalyticsServiceDeps {
  repository: SessionAnalyticsRepository;
  liveStats: LiveStatsReader;
  finalFigures: FinalFigures;
  logger: Logger;
  /** The request's "now": open views count up to it and time ranges reach back from it. */
  now?: () => Date;
}

function isCountRecord(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toViewEntry(row: ViewRow): SessionViewEntry {
  return {
    id: row.id,
    viewerKey: row.viewerKey,
    user: row.userId === null ? null : { id: row.userId, name: row.userName },
    guestId: row.guestId,
    joinedAt: row.joinedAt,
    leftAt: row.leftAt,
    watchDuration: row.watchDuration,
  };
}

export function createSessionAnalyticsService({
  repository,
  liveStats,
  finalFigures,
  logger,
  now = () => new Date(),
}: SessionAnalyticsServiceDeps) {
  /**
   * The session's creator or an admin. An unknown session is a 404 for everyone (there is no owner
   * to compare with); a 403 on an existing one reveals nothing, since sessions are public.
   */
  async function requireOwnedSession(caller: AccessTokenIdentity, sessionId: string): Promise<AnalyticsSessionRecord> {
    const session = await repository.findSession(sessionId);
    if (!session) throw new NotFoundError('Session');
    assertCanManage(caller, { session }, "Only the session's creator or an admin can see its analytics");
    return session;
  }

  /**
   * Live counters while on air (the realtime service holds them only then); undefined otherwise or
   * when it does not answer.
   */
  async function readLive(
    session: AnalyticsSessionRecord,
    { withViewers = false } = {},
  ): Promise<LiveSessionStats | undefined> {
    if (!isOnAir(session.status)) return undefined;
    const stats = await liveStats.read(session.id, { withViewers });
    if (!stats) logger.info({ sessionId: session.id }, 'analytics answered from stored data only');
    return stats;
  }

  /** Open views count up to now, or up to the stream's end once it has ended. */
  function openUntil(session: AnalyticsSessionRecord, at: Date): Date {
    return session.endedAt !== null && session.endedAt < at ? session.endedAt : at;
  }

  return {
    async overview(caller: AccessTokenIdentity, sessionId: string): Promise<SessionAnalyticsView> {
      const session = await requireOwnedSession(caller, sessionId);
      const at = now();
      const [live, products, watch, timeline, snapshotPeak, figuresFinal] = await Promise.all([
        readLive(session),
        repository.listProducts(sessionId),
        repository.watchTimeStats(sessionId, openUntil(session, at)),
        repository.viewerTimeline(sessionId),
        repository.snapshotPeak(sessionId),
        finalFigures.areFinal(sessionId, session.status),
      ]);
      // The stored peak is the realtime node's own count at stream end; snapshots carry the peak
      // of every minute any node sampled; while live, the node's running peak is the freshest.
      const peak = Math.max(session.peakViewers ?? 0, snapshotPeak, live?.peakViewers ?? 0);
      // While live the realtime counts already include what an earlier node checkpointed, so they
      // replace the stored counts rather than add to them.
      const reactions = rankReactions(
        live ? live.reactions.counts : isCountRecord(session.reactionCounts) ? session.reactionCounts : {},
      );
      return {
        sessionId,
        isLive: live !== undefined,
        figuresFinal,
        session: {
          title: session.title,
          status: session.status,
          creator: { id: session.creator.id, name: session.creator.name, email: session.creator.email },
          createdAt: session.createdAt,
          updatedAt: session.updatedAt,
          startedAt: session.startedAt,
          endedAt: session.endedAt,
        },
        viewers: {
          unique: watch.uniqueUsers,
          total: watch.totalViews,
          peak,
          avgWatchTime: watch.avgWatchSeconds,
          avgWatchTimeFormatted: formatDuration(watch.avgWatchSeconds),
        },
        products: {
          total: products.length,
          featured: products.filter((link) => link.featured).length,
          list: products.map((link) => ({
            productId: link.productId,
            name: link.product.name,
            featured: link.featured,
            displayOrder: link.displayOrder,
            addedAt: link.addedAt,
          })),
        },
        reactions,
        engagement: {
          viewerTimeline: timeline.map((hour) => ({ timestamp: hour.hour, joins: hour.joins, leaves: hour.leaves })),
          retention: {
            ranges: labelRetentionCounts(watch.rangeCounts),
            median: watch.medianSeconds,
            medianFormatted: formatDuration(watch.medianSeconds),
            p75: watch.p75Seconds,
            p75Formatted: formatDuration(watch.p75Seconds),
            p90: watch.p90Seconds,
            p90Formatted: formatDuration(watch.p90Seconds),
          },
        },
      };
    },

    async liveViewers(caller: AccessTokenIdentity, sessionId: string): Promise<SessionLiveViewersView> {
      const session = await requireOwnedSession(caller, sessionId);
      const live = await readLive(session, { withViewers: true });
      if (!live) return { sessionId, isLive: false, viewerCount: 0, viewers: [] };
      const names = await repository.userNames([
        ...new Set(live.viewers.flatMap((viewer) => (viewer.userId === null ? [] : [viewer.userId]))),
      ]);
      const viewers = live.viewers
        .map((viewer) => ({
          viewerKey: viewer.viewerKey,
          userId: viewer.userId,
          name: viewer.userId === null ? null : (names.get(viewer.userId) ?? null),
          guestId: viewer.guestId,
          joinedAt: new Date(viewer.joinedAt),
          watchDuration: viewer.watchDuration,
        }))
        .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.viewerKey.localeCompare(b.viewerKey));
      return { sessionId, isLive: true, viewerCount: live.viewerCount, viewers };
    },

    async viewHistory(
      caller: AccessTokenIdentity,
      sessionId: string,
      page: PaginationQuery,
    ): Promise<{ history: SessionViewHistoryView; meta: PageMeta }> {
      const session = await requireOwnedSession(caller, sessionId);
      const until = openUntil(session, now());
      const [publishers, subscribers] = await Promise.all([
        repository.listPublisherViews(sessionId, until),
        repository.pageSubscriberViews(sessionId, until, page),
      ]);
      return {
        history: {
          sessionId,
          publishers: publishers.map(toViewEntry),
          subscribers: subscribers.items.map(toViewEntry),
        },
        meta: pageMeta(subscribers.total, page),
      };
    },

    async snapshots(
      caller: AccessTokenIdentity,
      sessionId: string,
      timeRange: SnapshotTimeRange,
    ): Promise<ViewerSnapshotSeriesView> {
      const session = await requireOwnedSession(caller, sessionId);
      const series = await repository.snapshotSeries(sessionId, snapshotWindowStart(timeRange, now(), session.endedAt));
      return {
        snapshots: series.minutes.map((minute) => ({
          timestamp: minute.minute,
          viewerCount: minute.viewerCount,
          avgViewers: minute.avgViewers,
          peakViewers: minute.peakViewers,
          minViewers: minute.minViewers,
          sampleCount: minute.sampleCount,
        })),
        summary: { totalSnapshots: series.minutes.length, ...series.summary },
      };
    },
  };
}

export type SessionAnalyticsService = ReturnType<typeof createSessionAnalyticsService>;
