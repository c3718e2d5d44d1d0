import type { SessionAnalyticsView, SnapshotTimeRange } from '@showfloor/contracts/rest';
import { isOnAir } from '@showfloor/contracts/rules';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../platform/web-client-context.tsx';

/** While a stream is on air (or its final figures are still on their way), its figures move. */
const liveRefreshMs = 5_000;
/** Snapshots arrive once a minute: reading them every 5 s would only repeat the same answer. */
const snapshotRefreshMs = 20_000;

/**
 * Under the session's own key (`['session', id]`), so whatever invalidates a session's reads
 * elsewhere (the console ending the stream) refreshes these too.
 */
export const analyticsKeys = {
  summary: (sessionId: string) => ['session', sessionId, 'analytics'] as const,
  snapshots: (sessionId: string, range: SnapshotTimeRange) => ['session', sessionId, 'snapshots', range] as const,
  clicks: (sessionId: string) => ['session', sessionId, 'analytics', 'conversion-stats'] as const,
  views: (sessionId: string, offset: number) => ['session', sessionId, 'analytics', 'views', offset] as const,
};

/** True while the figures can still change: on air, or ended with a node's final totals pending. */
export function figuresMove(analytics: SessionAnalyticsView | undefined): boolean {
  if (!analytics) return false;
  return isOnAir(analytics.session.status) || (analytics.session.status === 'ended' && !analytics.figuresFinal);
}

/** The page's main read; every other panel waits for it, so a refusal (403) is shown once. */
export function useSessionAnalytics(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: analyticsKeys.summary(sessionId),
    queryFn: async () => (await api.analytics.session({ params: { sessionId } })).data,
    refetchInterval: (query) => (figuresMove(query.state.data) ? liveRefreshMs : false),
  });
}

export function useViewerSnapshots(sessionId: string, timeRange: SnapshotTimeRange, analytics?: SessionAnalyticsView) {
  const api = useApi();
  return useQuery({
    queryKey: analyticsKeys.snapshots(sessionId, timeRange),
    queryFn: async () => (await api.analytics.snapshots({ params: { sessionId }, query: { timeRange } })).data,
    enabled: analytics !== undefined,
    // Switching the range keeps the last chart on screen until the new minutes arrive.
    placeholderData: keepPreviousData,
    refetchInterval: analytics && isOnAir(analytics.session.status) ? snapshotRefreshMs : false,
  });
}

export function useProductClicks(sessionId: string, analytics?: SessionAnalyticsView) {
  const api = useApi();
  return useQuery({
    queryKey: analyticsKeys.clicks(sessionId),
    queryFn: async () => (await api.analytics.conversionStats({ params: { sessionId } })).data,
    enabled: analytics !== undefined,
    refetchInterval: figuresMove(analytics) ? liveRefreshMs : false,
  });
}

export const viewsPerPage = 20;

export function useViewHistory(sessionId: string, offset: number, analytics?: SessionAnalyticsView) {
  const api = useApi();
  return useQuery({
    queryKey: analyticsKeys.views(sessionId, offset),
    queryFn: async () => {
      const { data, meta } = await api.analytics.viewers({
        params: { sessionId },
        query: { limit: viewsPerPage, offset },
      });
      return { ...data, meta };
    },
    enabled: analytics !== undefined,
    placeholderData: keepPreviousData,
    // Only the newest page changes while viewers come and go.
    refetchInterval: offset === 0 && analytics && isOnAir(analytics.session.status) ? liveRefreshMs : false,
  });
}
