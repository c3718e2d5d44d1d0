import type { RealtimeConfig } from '@showfloor/config';
import type { RealtimeHealth } from '@showfloor/contracts';
import { type Clock, createInternalKeyGuard, type HttpServer } from '@showfloor/server-kit';
import type { RealtimeDelivery } from '../delivery/realtime-outboxes.ts';
import type { SocketEventMetrics } from '../handlers/handler-guards.ts';
import type { ApplyRoomEvent } from '../lifecycle/room-event-effects.ts';
import type { RealtimeServer } from '../socket/socket-types.ts';
import type { CounterStore } from '../state/counter-store.ts';
import type { VisitorAnalytics } from '../visitors/visitor-analytics.ts';
import { healthRoutes } from './health.routes.ts';
import { liveSessionRoutes } from './live-session.routes.ts';
import { roomBroadcastRoutes } from './room-broadcast.routes.ts';
import { userPushesRoutes } from './user-pushes.routes.ts';
import { watchingNowRoutes } from './watching-now.routes.ts';

/** The service's HTTP surface: `/health` for anyone, seed 002's visitor collector and live reads, and the routes only the API may call, behind the internal key. */
export async function registerHttpRoutes(
  app: HttpServer,
  deps: {
    config: Pick<RealtimeConfig, 'NODE_ID' | 'INTERNAL_API_KEY' | 'END_STREAM_FLUSH_TIMEOUT_MS'>;
    version: string;
    io: RealtimeServer;
    store: Pick<CounterStore, 'sessionIds' | 'liveCounts' | 'watchingNow'>;
    delivery: Pick<RealtimeDelivery, 'stats'>;
    metrics: SocketEventMetrics;
    applyRoomEvent: ApplyRoomEvent;
    /** Several nodes share rooms (Redis adapter): room events must reach them too. */
    shareWithOtherNodes: boolean;
    /** Where the live counters are (this node, or the cluster through Redis) and whether Redis answers. */
    counters: () => RealtimeHealth['counters'];
    clock: Clock;
    /** Seed 002's collector and live reads, on the public surface. */
    visitors: Pick<VisitorAnalytics, 'registerRoutes' | 'health'>;
  },
): Promise<void> {
  const { config, io, store, delivery, metrics, clock } = deps;
  await app.register(healthRoutes, {
    version: deps.version,
    startedAt: Date.now(),
    read: async () => {
      const stats = delivery.stats();
      return {
        nodeId: config.NODE_ID,
        connections: io.engine.clientsCount,
        pendingDeliveries: stats.pending,
        droppedDeliveries: stats.givenUp,
        outboxes: stats.outboxes,
        liveSessions: (await store.sessionIds()).length,
        counters: deps.counters(),
        ...metrics,
        visitors: deps.visitors.health(),
      };
    },
  });
  await deps.visitors.registerRoutes(app);
  await app.register(async (internal) => {
    internal.addHook('onRequest', createInternalKeyGuard(config.INTERNAL_API_KEY));
    await internal.register(roomBroadcastRoutes, {
      io,
      applyRoomEvent: deps.applyRoomEvent,
      shareWithOtherNodes: deps.shareWithOtherNodes,
      settleTimeoutMs: config.END_STREAM_FLUSH_TIMEOUT_MS,
    });
    await internal.register(userPushesRoutes, { io });
    await internal.register(liveSessionRoutes, { store, clock });
    await internal.register(watchingNowRoutes, { store });
  });
}
