import type { RealtimeConfig } from '@showfloor/config';
import type { ViewerSnapshot } from '@showfloor/contracts';
import { createHttpServer, createInternalKeyGuard, type Logger, readPackageVersion } from '@showfloor/server-kit';
import { Server } from 'socket.io';
import { createInternalApiClient, type InternalApiClient } from './api-client/internal-api-client.ts';
import { type Clock, systemClock } from './clock.ts';
import { DeliveryOutbox } from './flush/delivery-outbox.ts';
import { SnapshotSampler } from './flush/snapshot-sampler.ts';
import { createViewerHandlers } from './handlers/viewer-handlers.ts';
import { healthRoutes } from './http/health.routes.ts';
import { roomBroadcastRoutes } from './http/room-broadcast.routes.ts';
import type { RealtimeServer } from './socket/socket-types.ts';
import { ViewerPresenceStore } from './state/viewer-presence-store.ts';

export interface RealtimeDeps {
  config: RealtimeConfig;
  logger: Logger;
  clock?: Clock;
  api?: InternalApiClient;
}

export const realtimeVersion = readPackageVersion(new URL('../package.json', import.meta.url));

// Payloads here are tiny (ids, a reaction type, a 500-char message); a small cap blunts abuse.
const maxSocketPayloadBytes = 16 * 1024;

/**
 * Builds the realtime service (Fastify for HTTP, Socket.IO on the same server) without listening.
 * `start` begins sampling; `close` stops taking connections, flushes, then shuts everything down.
 */
export async function createRealtime(deps: RealtimeDeps) {
  const { config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const api =
    deps.api ??
    createInternalApiClient({
      baseUrl: config.API_INTERNAL_URL,
      internalApiKey: config.INTERNAL_API_KEY,
      timeoutMs: config.API_TIMEOUT_MS,
    });

  const app = createHttpServer({ logger });
  const io: RealtimeServer = new Server(app.server, {
    maxHttpBufferSize: maxSocketPayloadBytes,
    cors: { origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS, credentials: true },
  });

  const presence = new ViewerPresenceStore();
  const snapshotOutbox = new DeliveryOutbox<ViewerSnapshot>({
    name: 'viewer-snapshots',
    keyOf: (snapshot) => `${snapshot.sessionId}|${snapshot.minute}|${snapshot.nodeId}`,
    deliver: async (snapshots) => void (await api.postViewerSnapshots(snapshots)),
    maxItems: config.PENDING_SNAPSHOTS_MAX,
    maxBatchSize: 1_000,
    backoff: { baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS },
    clock,
    logger: logger.child({ module: 'snapshot-outbox' }),
  });
  const sampler = new SnapshotSampler({
    clock,
    sampleIntervalMs: config.SAMPLE_INTERVAL_MS,
    windowMs: config.SNAPSHOT_INTERVAL_MS,
    nodeId: config.NODE_ID,
    currentCounts: () => presence.counts(),
    onSnapshots: (snapshots) => snapshotOutbox.enqueue(snapshots),
  });

  const registerViewerHandlers = createViewerHandlers({ io, presence, logger: logger.child({ module: 'viewers' }) });
  io.on('connection', (socket) => {
    registerViewerHandlers(socket);
  });

  await app.register(healthRoutes, {
    version: realtimeVersion,
    startedAt: Date.now(),
    read: () => {
      const stats = snapshotOutbox.getStats();
      return {
        nodeId: config.NODE_ID,
        connections: io.engine.clientsCount,
        pendingDeliveries: stats.pending,
        droppedDeliveries: stats.dropped,
      };
    },
  });

  // Routes only the API may call, behind the shared internal key.
  await app.register(async (internal) => {
    internal.addHook('onRequest', createInternalKeyGuard(config.INTERNAL_API_KEY));
    await internal.register(roomBroadcastRoutes, { io });
  });

  let closing: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    sampler.stop();
    // Stop taking connections first, so nothing new is counted while we flush.
    io.disconnectSockets(true);
    await new Promise<void>((resolve) => io.close(() => resolve()));
    sampler.flushPartialWindow();
    await snapshotOutbox.flush(config.SHUTDOWN_FLUSH_TIMEOUT_MS);
    snapshotOutbox.stop();
    await app.close();
    await api.close();
  }

  return {
    app,
    io,
    snapshotOutbox,
    start(): void {
      sampler.start();
    },
    close(): Promise<void> {
      closing ??= shutdown();
      return closing;
    },
  };
}

export type Realtime = Awaited<ReturnType<typeof createRealtime>>;
