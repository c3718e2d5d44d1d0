import type { ConversionStats } from '@showfloor/contracts/rest';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSocketEvent } from '../platform/realtime-context.tsx';
import { useApi } from '../platform/web-client-context.tsx';
import { sessionKeys } from './session-query.ts';

/**
 * Product clicks with their click-through rates: REST first, then each `product-click-stats` the
 * room sends while the stream is on air (the realtime service computes CTR with the shared rule).
 */
export function useClickStats(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = sessionKeys.clicks(sessionId);
  const query = useQuery({
    queryKey: key,
    queryFn: async () => (await api.analytics.conversionStats({ params: { sessionId } })).data,
  });
  useSocketEvent('product-click-stats', (event) => {
    if (event.sessionId !== sessionId) return;
    queryClient.setQueryData<ConversionStats>(key, (current) =>
      current?.isLive ? { ...current, products: event.productStats, totalViewers: event.totalViewers } : current,
    );
  });
  return query;
}
