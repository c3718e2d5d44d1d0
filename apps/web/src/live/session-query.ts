import type { SessionDetailView } from '@showfloor/contracts/rest';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSocketEvent } from '../platform/realtime-context.tsx';
import { useApi } from '../platform/web-client-context.tsx';

/** Query keys of one session's reads, so a live event updates or refetches exactly what it changed. */
export const sessionKeys = {
  detail: (sessionId: string) => ['session', sessionId, 'detail'] as const,
  reactions: (sessionId: string) => ['session', sessionId, 'reactions'] as const,
  clicks: (sessionId: string) => ['session', sessionId, 'conversion-stats'] as const,
  chat: (sessionId: string) => ['session', sessionId, 'chat'] as const,
  all: (sessionId: string) => ['session', sessionId] as const,
};

/**
 * A session with its creator, products and showcased product, kept current by the room's events:
 * status changes and the showcase are applied at once, a changed product list is read again.
 * The page must be in the room (`useRoom`) for the events to arrive.
 */
export function useLiveSession(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = sessionKeys.detail(sessionId);
  const query = useQuery({
    queryKey: key,
    queryFn: async () => (await api.sessions.get({ params: { sessionId } })).data,
  });

  const patch = (change: (session: SessionDetailView) => SessionDetailView) =>
    queryClient.setQueryData<SessionDetailView>(key, (session) => (session ? change(session) : session));
  const mine = (payload: { sessionId: string }) => payload.sessionId === sessionId;

  useSocketEvent('stream-started', (event) => {
    if (!mine(event)) return;
    patch((s) => ({ ...s, status: 'live', startedAt: new Date(event.startedAt) }));
    // Figures read before the start were the stored ones (isLive false), which the live click
    // stats events do not update: read them again, now from the live counters.
    void queryClient.invalidateQueries({ queryKey: sessionKeys.reactions(sessionId) });
    void queryClient.invalidateQueries({ queryKey: sessionKeys.clicks(sessionId) });
  });
  useSocketEvent('stream-resumed', (event) => {
    if (mine(event)) patch((s) => ({ ...s, status: 'live' }));
  });
  useSocketEvent('stream-paused', (event) => {
    if (mine(event)) patch((s) => ({ ...s, status: 'paused' }));
  });
  useSocketEvent('stream-ended', (event) => {
    if (!mine(event)) return;
    patch((s) => ({ ...s, status: 'ended', endedAt: new Date(event.endedAt) }));
    // Ended figures are the stored ones from now on.
    void queryClient.invalidateQueries({ queryKey: sessionKeys.reactions(sessionId) });
    void queryClient.invalidateQueries({ queryKey: sessionKeys.clicks(sessionId) });
  });
  useSocketEvent('product-showcased', (event) => {
    if (mine(event)) patch((s) => ({ ...s, activeProductId: event.productId, activeProduct: event.product }));
  });
  useSocketEvent('showcase-cleared', (event) => {
    if (mine(event)) patch((s) => ({ ...s, activeProductId: null, activeProduct: null }));
  });
  useSocketEvent('session-products-changed', (event) => {
    if (mine(event)) void queryClient.invalidateQueries({ queryKey: key });
  });

  return query;
}
