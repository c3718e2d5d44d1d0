import type { AccessTokenIdentity } from '@showfloor/access-tokens';
import {
  type ConversionStats,
  type CreatorAnalytics,
  clickThroughRate,
  isOnAir,
  NotFoundError,
  type SessionReactions,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import pMap from 'p-map';
import type { LiveStatsReader } from '../../integrations/live-stats-reader.ts';
import { assertCanManage } from '../../shared/authorization.ts';
import { FreshReadCoalescer } from '../../shared/fresh-read-coalescer.ts';
import type { FinalFigures } from '../realtime-ingest/final-figures.repository.ts';
import { mergeCreatorAnalytics } from './creator-analytics-merge.ts';
import type { EngagementAnalyticsRepository } from './engagement-analytics.repository.ts';
import { summarizeReactions } from './reaction-summary.ts';

export interface EngagementAnalyticsServiceDeps {
  repository: EngagementAnalyticsRepository;
  liveStats: LiveStatsReader;
  finalFigures: FinalFigures;
  logger: Logger;
}

/** How many sessions on air the creator dashboard reads from the realtime service at once. */
const liveReadConcurrency = 4;

/**
 * Reactions, conversions and the creator dashboard (seed 003). While a stream is on air its
 * counters live only in the realtime service; when that does not answer, the persisted figures
 * are served with `liveDataAvailable: false` rather than an error.
 */
export function createEngagementAnalyticsService({
  repository,
  liveStats,
  finalFigures,
}: EngagementAnalyticsServiceDeps) {
  // A crowd opening the room asks these together; each reader still gets figures read after it asked.
  const reactionReads = new FreshReadCoalescer<SessionReactions>();
  const conversionReads = new FreshReadCoalescer<ConversionStats>();
  return {
    /** Public: anyone watching may see the room's reaction counts. */
    reactions(sessionId: string): Promise<SessionReactions> {
      return reactionReads.get(sessionId, async (): Promise<SessionReactions> => {
        const session = await repository.findSessionReactions(sessionId);
        if (!session) throw new NotFoundError('Session');
        const onAir = isOnAir(session.status);
        const [live, figuresFinal] = await Promise.all([
          onAir ? liveStats.read(sessionId) : undefined,
          finalFigures.areFinal(sessionId, session.status),
        ]);
        return {
          sessionId,
          sessionStatus: session.status,
          isLive: live !== undefined,
          liveDataAvailable: !onAir || live !== undefined,
          figuresFinal,
          ...summarizeReactions(live ? live.reactions.counts : session.reactionCounts),
        };
      });
    },

    /**
     * Public, like the seed. The rate is recomputed from the counts on both paths, so a stored rate
     * computed against a different viewer total can never disagree with the numbers beside it.
     */
    conversionStats(sessionId: string): Promise<ConversionStats> {
      return conversionReads.get(sessionId, async (): Promise<ConversionStats> => {
        const session = await repository.findSessionAudience(sessionId);
        if (!session) throw new NotFoundError('Session');
        const onAir = isOnAir(session.status);
        const live = onAir ? await liveStats.read(sessionId) : undefined;
        if (live) {
          return {
            sessionId,
            sessionStatus: session.status,
            figuresFinal: false,
            isLive: true,
            liveDataAvailable: true,
            totalViewers: live.totalViewers,
            products: live.productClicks.map(({ productId, uniqueClicks, totalClicks }) => ({
              productId,
              uniqueClicks,
              totalClicks,
              clickThroughRate: clickThroughRate(uniqueClicks, live.totalViewers),
            })),
          };
        }
        const [stored, figuresFinal] = await Promise.all([
          repository.listStoredClickStats(sessionId),
          finalFigures.areFinal(sessionId, session.status),
        ]);
        return {
          sessionId,
          sessionStatus: session.status,
          figuresFinal,
          isLive: false,
          liveDataAvailable: !onAir,
          totalViewers: session.totalViewers,
          products: stored.map((stats) => ({
            ...stats,
            clickThroughRate: clickThroughRate(stats.uniqueClicks, session.totalViewers),
          })),
        };
      });
    },

    /**
     * The creator themself or an admin. Anyone else is refused before the id is looked up, so the
     * answer does not reveal whether the account exists. Any existing user has a dashboard — roles
     * change, sessions stay — and one who never streamed sees zeros.
     */
    async creatorAnalytics(actor: AccessTokenIdentity, creatorId: string): Promise<CreatorAnalytics> {
      assertCanManage(actor, { creatorDashboard: { creatorId } });
      const stored = await repository.creatorAnalytics(creatorId);
      if (!stored) throw new NotFoundError('Creator');
      const onAir = stored.onAirSessions.map((session) => session.sessionId);
      // Each read is bounded by LIVE_READ_TIMEOUT_MS; a few at a time keeps a creator with many
      // streams on air from opening a burst of requests to the realtime service.
      const reads = await pMap(onAir, (sessionId) => liveStats.read(sessionId), { concurrency: liveReadConcurrency });
      const live = new Map(onAir.map((sessionId, index) => [sessionId, reads[index]]));
      return mergeCreatorAnalytics(creatorId, stored, live);
    },
  };
}

export type EngagementAnalyticsService = ReturnType<typeof createEngagementAnalyticsService>;
