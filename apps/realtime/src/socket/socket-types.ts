import type { ClientToServerEvents, ServerToClientEvents } from '@showfloor/contracts';
import type { Server, Socket } from 'socket.io';
import type { ViewerIdentity } from '../state/viewer-identity.ts';

// biome-ignore lint/complexity/noBannedTypes: no inter-server events yet
type InterServerEvents = {};

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
