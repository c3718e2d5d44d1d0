import {
  internalKeyHeader,
  internalPath,
  type LiveSessionStats,
  liveSessionStatsSchema,
  realtimeInternalRoutes,
  successEnvelope,
} from '@showfloor/contracts';
import { type Logger, requestContext, requestIdHeader } from '@showfloor/server-kit';

export interface LiveStatsReaderOptions {
  realtimeUrl: string;
  internalApiKey: string;
  timeoutMs: number;
  logger: Logger;
}

const responseSchema = successEnvelope(liveSessionStatsSchema);

/**
 * Reads a live session's counters from the realtime service (the API never holds live counters).
 * Answers `undefined` when the realtime service is slow, down or says it tracks nothing — callers
 * then answer from PostgreSQL and say so (`isLive: false`), never with a 500.
 */
export function createLiveStatsReader(options: LiveStatsReaderOptions) {
  return {
    async read(sessionId: string): Promise<LiveSessionStats | undefined> {
      const url = new URL(internalPath(realtimeInternalRoutes.liveSession, { sessionId }), options.realtimeUrl);
      try {
        const response = await fetch(url, {
          headers: {
            [internalKeyHeader]: options.internalApiKey,
            [requestIdHeader]: requestContext.idForOutgoingCall(),
          },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!response.ok) throw new Error(`realtime answered ${response.status}`);
        const parsed = responseSchema.parse(await response.json());
        const stats = parsed.data as LiveSessionStats;
        return stats.live ? stats : undefined;
      } catch (error) {
        options.logger.warn({ err: error, sessionId }, 'live counters unavailable; answering from stored data');
        return undefined;
      }
    },
  };
}

export type LiveStatsReader = ReturnType<typeof createLiveStatsReader>;
