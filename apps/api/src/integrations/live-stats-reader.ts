import {
  internalKeyHeader,
  internalPath,
  type LiveSessionStats,
  liveSessionStatsSchema,
  maxWatchingSessionIds,
  realtimeInternalRoutes,
  successEnvelope,
  watchingNowSchema,
} from '@showfloor/contracts';
import { type Logger, requestContext, requestIdHeader } from '@showfloor/server-kit';

export interface LiveStatsReaderOptions {
  realtimeUrl: string;
  internalApiKey: string;
  timeoutMs: number;
  logger: Logger;
}

const responseSchema = successEnvelope(liveSessionStatsSchema);
const watchingResponseSchema = successEnvelope(watchingNowSchema);

/**
 * Reads a live session's counters from the realtime service (the API never holds live counters).
 * Answers `undefined` when the realtime service is slow, down or says it tracks nothing — callers
 * then answer from PostgreSQL and say so (`isLive: false`), never with a 500.
 */
export function createLiveStatsReader(options: LiveStatsReaderOptions) {
  const headers = () => ({
    [internalKeyHeader]: options.internalApiKey,
    [requestIdHeader]: requestContext.idForOutgoingCall(),
  });

  return {
    /**
     * The counters; `viewers` (the watching-now list, empty unless `withViewers`) is asked for only
     * by the read that shows it: in a big room it is most of the answer.
     */
    async read(sessionId: string, { withViewers = false } = {}): Promise<LiveSessionStats | undefined> {
      const url = new URL(internalPath(realtimeInternalRoutes.liveSession, { sessionId }), options.realtimeUrl);
      url.searchParams.set('viewers', String(withViewers));
      try {
        const response = await fetch(url, { headers: headers(), signal: AbortSignal.timeout(options.timeoutMs) });
        if (!response.ok) throw new Error(`realtime answered ${response.status}`);
        const parsed = responseSchema.parse(await response.json());
        const stats = parsed.data as LiveSessionStats;
        return stats.live ? stats : undefined;
      } catch (error) {
        options.logger.warn({ err: error, sessionId }, 'live counters unavailable; answering from stored data');
        return undefined;
      }
    },

    /**
     * How many watch each session right now (0 for one nobody has joined), one request for up to
     * 100 ids. `undefined` when the realtime service is slow or down: callers show no count then.
     */
    async watchingNow(sessionIds: readonly string[]): Promise<Map<string, number> | undefined> {
      if (sessionIds.length === 0) return new Map();
      if (sessionIds.length > maxWatchingSessionIds) throw new RangeError(`at most ${maxWatchingSessionIds} sessions`);
      const url = new URL(realtimeInternalRoutes.watchingNow, options.realtimeUrl);
      url.searchParams.set('sessionIds', sessionIds.join(','));
      try {
        const response = await fetch(url, { headers: headers(), signal: AbortSignal.timeout(options.timeoutMs) });
        if (!response.ok) throw new Error(`realtime answered ${response.status}`);
        const { counts } = watchingResponseSchema.parse(await response.json()).data;
        return new Map(Object.entries(counts));
      } catch (error) {
        options.logger.warn({ err: error, sessions: sessionIds.length }, 'watching-now counts unavailable');
        return undefined;
      }
    },
  };
}

export type LiveStatsReader = ReturnType<typeof createLiveStatsReader>;
