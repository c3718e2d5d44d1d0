import { ApiError, createVisitorsSocket, sendVisitorsCommand, type VisitorsSocket } from '@showfloor/client';
import type { VisitorLiveFilter } from '@showfloor/contracts/rest';
import type { TrackDashboardActionPayload } from '@showfloor/contracts/socket';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useAuth } from '../../platform/auth-context.tsx';
import { useRuntimeConfig } from '../../platform/runtime-config-context.tsx';
import { useWebClient } from '../../platform/web-client-context.tsx';
import { createLiveReads } from './live-reads.ts';
import { initialLiveVisitors, liveLimits, liveVisitorsReducer } from './live-visitors-state.ts';
import { trailingThrottle } from './trailing-throttle.ts';

/** `refused`: the service said this person may not watch (not an admin, or signed out elsewhere). */
export type LiveStatus = 'connecting' | 'live' | 'paused' | 'refused';

/** How often the top lists are re-read while updates arrive, and at the latest (active now also falls with time). */
const detailedEveryMs = 1_000;
const sessionsEveryMs = 2_000;
const idleRefreshMs = 15_000;

function isFiltered(filter: VisitorLiveFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

/**
 * The Visitors page's live half: the `/visitors` socket (opened only once the app's own sign-in
 * check has a token, so a reload never starts a second refresh beside it), a first load of the live
 * sessions and stats over HTTP, then everything the socket pushes. Top lists are re-read for
 * `filter`, throttled, as updates arrive.
 */
export function useLiveVisitors(filter: VisitorLiveFilter) {
  const { realtimeUrl } = useRuntimeConfig();
  const client = useWebClient();
  const { state: auth } = useAuth();
  const [state, dispatch] = useReducer(liveVisitorsReducer, initialLiveVisitors);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const socketRef = useRef<VisitorsSocket | null>(null);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const reloadDetailed = useRef<() => void>(() => undefined);
  const reads = useMemo(() => createLiveReads(realtimeUrl, client), [realtimeUrl, client]);
  const userId = auth.status === 'signed-in' ? auth.user.id : null;

  useEffect(() => {
    if (userId === null) return;
    let closed = false;
    const refuse = (error: unknown) => {
      if (closed || !(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) return;
      setRefusal(error);
      setStatus('refused');
    };
    const socket = createVisitorsSocket({
      url: realtimeUrl,
      accessToken: client.accessToken,
      // The page's one refresh path: concurrent callers share its one request.
      refreshAccessToken: () => client.api.refreshAccessToken(),
      socket: { transports: ['websocket'] },
    });
    socketRef.current = socket;

    const sessions = trailingThrottle(() => {
      reads.sessions(liveLimits.sessions).then((list) => {
        if (!closed) dispatch({ type: 'sessions-loaded', sessions: list });
      }, refuse);
    }, sessionsEveryMs);
    const detailed = trailingThrottle(() => {
      const wanted = { ...filterRef.current };
      // Over the socket while it is up (the seed's request_detailed_stats), else over HTTP.
      const read = (only: VisitorLiveFilter) =>
        socket.connected
          ? sendVisitorsCommand(socket, 'request_detailed_stats', { filter: only })
          : reads.detailed(only);
      read(wanted).then((stats) => {
        if (!closed) dispatch({ type: 'detailed-loaded', detailed: stats, filtered: isFiltered(wanted) });
      }, refuse);
      // Filtered stats count only the filter's sessions: the headline figures are the whole site's.
      if (isFiltered(wanted)) {
        read({}).then((stats) => {
          if (!closed) dispatch({ type: 'headline-loaded', detailed: stats });
        }, refuse);
      }
    }, detailedEveryMs);
    reloadDetailed.current = () => detailed.request();

    sessions.request();
    detailed.request();
    socket.on('connect', () => {
      setStatus('live');
      // Whatever happened while the socket was away is read again.
      sessions.request();
      detailed.request();
    });
    socket.on('disconnect', () => setStatus('paused'));
    socket.on('connect_error', (error) => {
      const data = (error as Error & { data?: { code?: string; message?: string } }).data;
      if (data?.code === 'forbidden') {
        setRefusal(new ApiError('forbidden', data.message ?? 'Visitor analytics are for admins only', { status: 403 }));
        setStatus('refused');
      } else setStatus('paused');
    });
    socket.on('visitor_update', (payload) => {
      dispatch({ type: 'visitor-update', payload });
      detailed.request();
    });
    socket.on('session_activity', (payload) => {
      dispatch({ type: 'session-activity', payload, at: new Date().toISOString() });
      // The list's device, browser and country, and visits that ended, come with the next read.
      sessions.request();
    });
    socket.on('alert', (payload) => dispatch({ type: 'alert', payload, at: new Date().toISOString() }));
    const idle = setInterval(() => {
      detailed.request();
      sessions.request();
    }, idleRefreshMs);

    return () => {
      closed = true;
      clearInterval(idle);
      sessions.cancel();
      detailed.cancel();
      reloadDetailed.current = () => undefined;
      socketRef.current = null;
      socket.disconnect();
    };
  }, [userId, realtimeUrl, client, reads]);

  // A new filter is read at once (throttled like the rest).
  const filterKey = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the filter's fields
  useEffect(() => reloadDetailed.current(), [filterKey]);

  /** Tells the service what the admin did (recorded as feature analytics); a failure never reaches the page. */
  const trackAction = useCallback((action: string, details?: TrackDashboardActionPayload['details']) => {
    const socket = socketRef.current;
    if (!socket?.connected) return;
    sendVisitorsCommand(socket, 'track_dashboard_action', { action, ...(details ? { details } : {}) }).catch(
      () => undefined,
    );
  }, []);

  return { ...state, status, refusal, trackAction };
}
