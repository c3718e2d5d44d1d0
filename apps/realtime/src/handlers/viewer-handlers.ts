import { sessionRefPayloadSchema, socketEvents } from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import { type RealtimeServer, type RealtimeSocket, sessionRoom } from '../socket/socket-types.ts';
import type { ViewerPresenceStore } from '../state/viewer-presence-store.ts';

export interface ViewerHandlerDeps {
  io: RealtimeServer;
  presence: ViewerPresenceStore;
  logger: Logger;
}

/** `join-session` / `leave-session` / disconnect: keeps the presence store and the room in step. */
export function createViewerHandlers({ io, presence, logger }: ViewerHandlerDeps) {
  const broadcastCount = (sessionId: string, viewers: number) =>
    io.to(sessionRoom(sessionId)).emit(socketEvents.viewerCount, viewers);

  return function registerViewerHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.joinSession, (payload, ack) =>
      acknowledge(ack, logger, async () => {
        const { sessionId } = parsePayload(sessionRefPayloadSchema, payload);
        await socket.join(sessionRoom(sessionId));
        const viewerCount = presence.join(sessionId, socket.id);
        broadcastCount(sessionId, viewerCount);
        return { sessionId, viewerCount };
      }),
    );

    socket.on(socketEvents.leaveSession, (payload, ack) =>
      acknowledge(ack, logger, async () => {
        const { sessionId } = parsePayload(sessionRefPayloadSchema, payload);
        await socket.leave(sessionRoom(sessionId));
        const viewerCount = presence.leave(sessionId, socket.id);
        if (viewerCount !== undefined) broadcastCount(sessionId, viewerCount);
        return { sessionId };
      }),
    );

    socket.on('disconnect', () => {
      for (const [sessionId, viewerCount] of presence.leaveAll(socket.id)) broadcastCount(sessionId, viewerCount);
    });
  };
}
