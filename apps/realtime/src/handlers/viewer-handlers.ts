import { ConflictError, sessionRefPayloadSchema, socketEvents } from '@showfloor/contracts';
import { acknowledge, parsePayload } from '../socket/acknowledge.ts';
import { type RealtimeSocket, sessionRoom } from '../socket/socket-types.ts';
import { type HandlerContext, withinRateLimit } from './handler-context.ts';

/**
 * `join-session` / `leave-session` / disconnect: viewers, their view records and the count. Joins
 * are rate-limited per socket and a socket is in a bounded number of sessions; a waiting room left
 * empty is released.
 */
export function createViewerHandlers(context: HandlerContext) {
  const { registry, views, broadcaster, clock, facts: factsCache } = context;

  function leave(socket: RealtimeSocket, sessionId: string): void {
    socket.data.sessions.delete(sessionId);
    const session = registry.get(sessionId);
    if (!session) return;
    const { closed, countChanged } = session.leave(socket.data.identity.viewerKey, socket.id, clock.now());
    if (closed) views.enqueue([closed]);
    if (countChanged) broadcaster.viewerCountChanged(sessionId);
    context.releaseIfIdle(sessionId);
  }

  return function registerViewerHandlers(socket: RealtimeSocket): void {
    socket.on(socketEvents.joinSession, (payload, ack) =>
      acknowledge(ack, context.logger, async () => {
        const { sessionId } = parsePayload(sessionRefPayloadSchema, payload);
        await withinRateLimit(context, 'join', socket);
        if (!socket.data.sessions.has(sessionId) && socket.data.sessions.size >= context.maxSessionsPerSocket) {
          throw new ConflictError(
            `A connection can be in at most ${context.maxSessionsPerSocket} sessions at once; leave one first`,
            [{ field: 'sessionId', message: `at most ${context.maxSessionsPerSocket} sessions per connection` }],
          );
        }
        const facts = await factsCache.get(sessionId);
        if (facts.status === 'ended') throw new ConflictError('The stream has ended');
        const session = await registry.getOrCreate(facts);
        // The socket went away while its facts were read (or the node is shutting down): a view
        // opened now would never be closed.
        if (socket.disconnected) throw new ConflictError('The connection closed before the join completed');
        const outcome = session.join(socket.data.identity, socket.id, clock.now());
        socket.data.sessions.add(sessionId);
        await socket.join(sessionRoom(sessionId));
        if (outcome.views.length > 0) views.enqueue(outcome.views);
        if (outcome.countChanged) broadcaster.viewerCountChanged(sessionId);
        return { sessionId, role: outcome.role, viewerCount: session.viewerCount };
      }),
    );

    socket.on(socketEvents.leaveSession, (payload, ack) =>
      acknowledge(ack, context.logger, async () => {
        const { sessionId } = parsePayload(sessionRefPayloadSchema, payload);
        leave(socket, sessionId);
        await socket.leave(sessionRoom(sessionId));
        return { sessionId };
      }),
    );

    socket.on('disconnect', () => {
      for (const sessionId of [...socket.data.sessions]) leave(socket, sessionId);
    });
  };
}
