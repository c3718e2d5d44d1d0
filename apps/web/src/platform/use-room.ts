import { ApiError, sendCommand } from '@showfloor/client';
import type { JoinSessionResult } from '@showfloor/contracts/socket';
import { useEffect, useState } from 'react';
import { useRealtime } from './realtime-context.tsx';

export interface Room {
  /** The join's answer (role, viewer count at join), once joined; null while not in the room. */
  joined: JoinSessionResult | null;
  /** Why joining was refused (the session ended, not found…); null otherwise. */
  error: ApiError | null;
}

/**
 * Keeps this page in a session's room: joins on every (re)connection and leaves on unmount, so a
 * reconnect after an outage puts the viewer back without a reload.
 */
export function useRoom(sessionId: string): Room {
  const { socket } = useRealtime();
  const [room, setRoom] = useState<Room>({ joined: null, error: null });

  useEffect(() => {
    if (!socket) return;
    let active = true;
    const join = () => {
      sendCommand(socket, 'join-session', { sessionId }).then(
        (joined) => active && setRoom({ joined, error: null }),
        (error: unknown) =>
          active &&
          setRoom({
            joined: null,
            error: error instanceof ApiError ? error : new ApiError('internal_error', String(error)),
          }),
      );
    };
    const left = () => active && setRoom((current) => ({ ...current, joined: null }));
    if (socket.connected) join();
    socket.on('connect', join);
    socket.on('disconnect', left);
    return () => {
      active = false;
      socket.off('connect', join);
      socket.off('disconnect', left);
      if (socket.connected) void sendCommand(socket, 'leave-session', { sessionId }).catch(() => undefined);
    };
  }, [socket, sessionId]);

  return room;
}
