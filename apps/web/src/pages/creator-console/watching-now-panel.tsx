import type { SessionDetailView } from '@showfloor/contracts/rest';
import { formatDuration, isOnAir } from '@showfloor/contracts/rules';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { sessionKeys } from '../../live/session-query.ts';
import { useSocketEvent } from '../../platform/realtime-context.tsx';
import { useApi } from '../../platform/web-client-context.tsx';
import { QueryState } from '../../ui/page-states.tsx';

/** Watch times grow on their own, so the list is read again this often even when nobody comes or goes. */
const rereadEveryMs = 3_000;

const liveViewersKey = (sessionId: string) => [...sessionKeys.all(sessionId), 'live-viewers'] as const;

/** Who is watching right now, longest first: read again every few seconds and whenever the count moves. */
export function WatchingNowPanel({ session }: { session: SessionDetailView }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const onAir = isOnAir(session.status);
  const key = liveViewersKey(session.id);
  const viewers = useQuery({
    queryKey: key,
    queryFn: async () => (await api.analytics.liveViewers({ params: { sessionId: session.id } })).data,
    refetchInterval: onAir ? rereadEveryMs : false,
  });
  useSocketEvent('viewer-count', () => {
    void queryClient.invalidateQueries({ queryKey: key });
  });

  return (
    <section className="card stack" aria-labelledby="console-watching-title">
      <h2 id="console-watching-title">Watching now</h2>
      <QueryState
        query={viewers}
        isEmpty={(live) => live.viewers.length === 0}
        empty={onAir ? 'Nobody is watching yet.' : 'Nobody is watching: the stream is not on air.'}
      >
        {(live) => (
          <ul className="console-viewers" data-testid="watching-now">
            {live.viewers.map((viewer) => (
              <li key={viewer.viewerKey}>
                <span>{viewer.name ?? 'Guest'}</span>{' '}
                <span className="muted small">{formatDuration(viewer.watchDuration)}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
