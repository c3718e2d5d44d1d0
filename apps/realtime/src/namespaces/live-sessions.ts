import type { RealtimeConfig } from '@showfloor/config';
import type { ProductClickerRecord, SessionViewRecord } from '@showfloor/contracts';
import type { DeliveryOutbox } from '@showfloor/delivery';
import { type Clock, type Logger, requestContext } from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import { createHandshakeAuth, type HandshakeAuthDeps } from '../auth/handshake-auth.ts';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import { createChatHandlers } from '../handlers/chat-handlers.ts';
import { createClickHandlers } from '../handlers/click-handlers.ts';
import {
  createJoinedSessionGuard,
  createRateLimitGuard,
  createSocketEventMetrics,
  type SocketEventMetrics,
} from '../handlers/handler-guards.ts';
import { createReactionHandlers } from '../handlers/reaction-handlers.ts';
import { createShowcaseHandlers } from '../handlers/showcase-handlers.ts';
import { createUserHandlers } from '../handlers/user-handlers.ts';
import { createViewerHandlers } from '../handlers/viewer-handlers.ts';
import type { SessionLifecycle } from '../lifecycle/session-lifecycle.ts';
import { type RealtimeServer, userRoom } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import { adminsRoom, type OnlineUsers } from '../state/online-users.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import { SocketRateLimits } from '../state/socket-rate-limits.ts';

export interface LiveSessionsNamespaceDeps {
  config: Pick<
    RealtimeConfig,
    | 'JWT_SECRET'
    | 'TOKEN_STATE_CACHE_MS'
    | 'JOINS_PER_SECOND'
    | 'REACTIONS_PER_SECOND'
    | 'CLICKS_PER_SECOND'
    | 'REACTION_TYPES'
    | 'MAX_SESSIONS_PER_SOCKET'
  >;
  /** The service's `app.jwt` (verify-only): handshake tokens are checked the way the API checks them. */
  jwt: HandshakeAuthDeps['jwt'];
  api: Pick<InternalApiClient, 'checkToken' | 'postChatMessage' | 'postShowcase' | 'getUserSnapshot'>;
  store: CounterStore;
  facts: SessionFactsCache;
  lifecycle: Pick<SessionLifecycle, 'pickUp' | 'streamEnder' | 'releaseIfIdle'>;
  broadcaster: LiveCountersBroadcaster;
  views: Pick<DeliveryOutbox<SessionViewRecord>, 'enqueue'>;
  clickers: Pick<DeliveryOutbox<ProductClickerRecord>, 'enqueue'>;
  /** Signed-in users with a socket open here, and `users:status` to admins. */
  onlineUsers: OnlineUsers;
  clock: Clock;
  logger: Logger;
}

/**
 * The default namespace: live sessions (seed 003). Its handshake makes every socket a signed-in
 * user (who also joins their private `user:<id>` room) or a guest; its handlers are the session
 * events; a socket's rate-limit budget goes when it disconnects. Returns what its handlers count.
 * The handshake and each event run under a request id of their own (`requestContext`): their log
 * lines and the API calls they make carry it, and so do the records they queue for the API.
 */
export function registerLiveSessionsNamespace(
  io: RealtimeServer,
  deps: LiveSessionsNamespaceDeps,
): { metrics: SocketEventMetrics } {
  const { config, api, store, facts, lifecycle, broadcaster, clock } = deps;
  const namespace = io.of('/');
  const logger = deps.logger.child({ module: 'socket' });
  namespace.use((_socket, next) => requestContext.runFresh(next));
  namespace.use(
    createHandshakeAuth({
      jwt: deps.jwt,
      api,
      cacheTtlMs: config.TOKEN_STATE_CACHE_MS,
      logger: deps.logger.child({ module: 'handshake-auth' }),
    }),
  );

  const metrics = createSocketEventMetrics();
  const limits = new SocketRateLimits({
    join: config.JOINS_PER_SECOND,
    reaction: config.REACTIONS_PER_SECOND,
    click: config.CLICKS_PER_SECOND,
  });
  const withinRateLimit = createRateLimitGuard({ limits, metrics });
  const joinedSession = createJoinedSessionGuard({ store, facts, streamEnder: lifecycle.streamEnder });

  const registerHandlers = [
    createViewerHandlers({
      withinRateLimit,
      maxSessionsPerSocket: config.MAX_SESSIONS_PER_SOCKET,
      facts,
      pickUp: lifecycle.pickUp,
      store,
      views: deps.views,
      broadcaster,
      releaseIfIdle: lifecycle.releaseIfIdle,
      clock,
      logger,
    }),
    createReactionHandlers({
      reactionTypes: new Set(config.REACTION_TYPES),
      withinRateLimit,
      joinedSession,
      store,
      broadcaster,
      metrics,
      logger,
    }),
    createChatHandlers({ joinedSession, api, io, logger }),
    createShowcaseHandlers({ joinedSession, api, facts, io, logger }),
    createClickHandlers({ withinRateLimit, joinedSession, store, clickers: deps.clickers, broadcaster, clock, logger }),
    createUserHandlers({ api, onlineUsers: deps.onlineUsers, logger }),
  ];

  namespace.on('connection', (socket) => {
    // Socket.IO calls the event's listener from within next(), so the handler runs under the new id.
    socket.use(([event], next) =>
      requestContext.runFresh(() => {
        logger.debug({ event, socketId: socket.id }, 'socket event');
        next();
      }),
    );
    const identity = socket.data.identity;
    if (identity.kind === 'user') {
      void socket.join(userRoom(identity.userId));
      if (identity.role === 'admin') void socket.join(adminsRoom);
      deps.onlineUsers.connected(identity.userId);
    }
    for (const register of registerHandlers) register(socket);
    socket.on('disconnect', () => {
      limits.forget(socket.id);
      if (identity.kind === 'user') deps.onlineUsers.disconnected(identity.userId);
    });
  });
  return { metrics };
}
