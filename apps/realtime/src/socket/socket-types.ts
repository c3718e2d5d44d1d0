import type { ClientToServerEvents, RoomBroadcast, ServerToClientEvents } from '@showfloor/contracts';
import type { Server, Socket } from 'socket.io';
import type { ViewerIdentity } from '../state/viewer-identity.ts';

/** Between realtime nodes (through the Redis adapter): a room event the API sent to one of them. */
export const interServerEvents = { roomEventApplied: 'room-event-applied' } as const;

interface InterServerEvents {
  'room-event-applied': (broadcast: RoomBroadcast) => void;
}

export interface SocketData {
  /** Set by the handshake middleware before any event runs. */
  identity: ViewerIdentity;
  /** Sessions this socket has joined. */
  sessions: Set<string>;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Socket.IO room for one session. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/** Private room of one user: notifications and activities. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}
