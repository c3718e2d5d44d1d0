import type { ClientToServerEvents, ServerToClientEvents } from '@showfloor/contracts';
import type { Server, Socket } from 'socket.io';

// biome-ignore lint/complexity/noBannedTypes: no inter-server events yet
type InterServerEvents = {};
// biome-ignore lint/complexity/noBannedTypes: socket.data is filled by auth in a later change
type SocketData = {};

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Socket.IO room for one live session. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}
