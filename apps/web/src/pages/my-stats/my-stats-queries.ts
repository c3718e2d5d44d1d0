import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSocketEvent } from '../../platform/realtime-context.tsx';
import { useApi } from '../../platform/web-client-context.tsx';

export const myStatsKey = ['engagement-stats', 'me'] as const;

/**
 * The signed-in user's stats. When one of their views closes or a stream of theirs ends the API
 * pushes `analytics:updated` to their tabs, and the page reads the full stats again.
 */
export function useMyStats() {
  const api = useApi();
  const queryClient = useQueryClient();
  useSocketEvent('analytics:updated', () => void queryClient.invalidateQueries({ queryKey: myStatsKey }));
  return useQuery({
    queryKey: myStatsKey,
    queryFn: async () => (await api.engagementStats.user({ params: { userId: 'me' } })).data,
  });
}
