import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../platform/web-client-context.tsx';

/** Everything the dashboard reads sits under the creator's key, so a new session refreshes all of it. */
export const creatorKeys = {
  all: (creatorId: string) => ['creator', creatorId] as const,
  analytics: (creatorId: string) => ['creator', creatorId, 'analytics'] as const,
  sessions: (creatorId: string, offset: number) => ['creator', creatorId, 'sessions', offset] as const,
};

/** With a stream on air its counters move: the dashboard reads again every few seconds. */
const onAirRefreshMs = 5_000;

export function useCreatorAnalytics(creatorId: string) {
  const api = useApi();
  return useQuery({
    queryKey: creatorKeys.analytics(creatorId),
    queryFn: async () => (await api.analytics.creator({ params: { creatorId } })).data,
    refetchInterval: (query) => {
      const byStatus = query.state.data?.sessions.byStatus;
      return byStatus && byStatus.live + byStatus.paused > 0 ? onAirRefreshMs : false;
    },
  });
}

export const sessionsPerPage = 10;

/** The creator's own sessions, newest first, every status (the owner's view of the list). */
export function useCreatorSessions(creatorId: string, offset: number) {
  const api = useApi();
  return useQuery({
    queryKey: creatorKeys.sessions(creatorId, offset),
    queryFn: () => api.sessions.list({ query: { creatorId, limit: sessionsPerPage, offset } }),
  });
}
