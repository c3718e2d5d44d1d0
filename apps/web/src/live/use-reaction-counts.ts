import type { SessionReactions } from '@showfloor/contracts/rest';
import { rankReactionCounts } from '@showfloor/contracts/rules';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSocketEvent } from '../platform/realtime-context.tsx';
import { useApi } from '../platform/web-client-context.tsx';
import { sessionKeys } from './session-query.ts';

/**
 * Reaction counts by type: read once over REST (live while on air, stored once ended), then
 * replaced by every `reaction-stats` the room sends.
 */
export function useReactionCounts(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = sessionKeys.reactions(sessionId);
  const query = useQuery({
    queryKey: key,
    queryFn: async () => (await api.sessions.reactions({ params: { sessionId } })).data,
  });
  useSocketEvent('reaction-stats', (event) => {
    if (event.sessionId !== sessionId) return;
    queryClient.setQueryData<SessionReactions>(key, (current) =>
      current
        ? { ...current, reactions: event.counts, sortedReactions: rankReactionCounts(event.counts), total: event.total }
        : current,
    );
  });
  return query;
}
