import { createRealtimeSocket, type RealtimeSocket } from '@showfloor/client';
import type { ServerToClientEvents } from '@showfloor/contracts/socket';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { useAuth } from './auth-context.tsx';
import { guestId } from './guest-id.ts';
import { useWebClient } from './web-client-context.tsx';

/** `connecting` until the first handshake; `paused` whenever the realtime service cannot be reached. */
export type RealtimeStatus = 'connecting' | 'connected' | 'paused';

interface Realtime {
  socket: RealtimeSocket | null;
  status: RealtimeStatus;
}

const RealtimeContext = createContext<Realtime>({ socket: null, status: 'connecting' });

/**
 * One Socket.IO connection per page, opened as whoever is signed in (or as the kept guest id) and
 * opened again when that changes. Pages keep working on REST while it is paused.
 */
export function RealtimeProvider({ url, children }: { url: string; children: ReactNode }) {
  const { api, accessToken } = useWebClient();
  const { state } = useAuth();
  const identity = state.status === 'checking' ? null : (state.user?.id ?? 'guest');
  const [realtime, setRealtime] = useState<Realtime>({ socket: null, status: 'connecting' });

  useEffect(() => {
    if (identity === null) return;
    const socket = createRealtimeSocket({
      url,
      accessToken,
      guestId: guestId(),
      refreshAccessToken: () => api.refreshAccessToken(),
      socket: { transports: ['websocket'] },
    });
    const update = (status: RealtimeStatus) => setRealtime({ socket, status });
    update('connecting');
    const onConnect = () => update('connected');
    const onPaused = () => update('paused');
    socket.on('connect', onConnect);
    socket.on('disconnect', onPaused);
    socket.on('connect_error', onPaused);
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onPaused);
      socket.off('connect_error', onPaused);
      socket.disconnect();
    };
  }, [url, identity, api, accessToken]);

  return <RealtimeContext.Provider value={realtime}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}

type EventName = keyof ServerToClientEvents;

/** Calls `handler` for every `event` the page's socket receives while the component is mounted. */
export function useSocketEvent<E extends EventName>(event: E, handler: ServerToClientEvents[E]): void {
  const { socket } = useRealtime();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (latest.current as (...a: typeof args) => void)(...args)) as ServerToClientEvents[E];
    // socket.io's typed `on` cannot follow a generic event name.
    (socket as unknown as { on(e: string, l: unknown): void }).on(event, listener);
    return () => {
      (socket as unknown as { off(e: string, l: unknown): void }).off(event, listener);
    };
  }, [socket, event]);
}
