import type { ApiConfig } from '@showfloor/config';
import { createPgPool, createPrismaClient, type PrismaClient } from '@showfloor/db';
import type { HttpServer, Logger } from '@showfloor/server-kit';
import { buildApp } from './app.ts';
import { createFeatureEventsRepository } from './modules/feature-analytics/feature-events.repository.ts';
import { startFeatureEventsRetention } from './modules/feature-analytics/feature-events-retention.job.ts';
import { startNotificationExpiry } from './modules/feeds/notification-expiry.job.ts';
import { createNotificationsRepository } from './modules/feeds/notifications.repository.ts';
import { startSnapshotRetention } from './modules/snapshot-retention/snapshot-retention.job.ts';
import { createVisitorEventsRepository } from './modules/visitor-analytics/visitor-events.repository.ts';
import { startVisitorEventsRetention } from './modules/visitor-analytics/visitor-events-retention.job.ts';
import { startVisitorSketchRebuild } from './modules/visitor-analytics/visitor-sketch-rebuild.job.ts';

export interface RunningApi {
  /** Public URL, and the internal one (the same unless INTERNAL_PORT is set). */
  url: string;
  internalUrl: string;
  close(): Promise<void>;
}

export interface StartApiOptions {
  config: ApiConfig;
  logger: Logger;
  prisma?: PrismaClient;
}

/** Listens on PORT (and INTERNAL_PORT when set); `close` drains requests, then the database pool. */
export async function startApiServer({ config, logger, prisma: givenPrisma }: StartApiOptions): Promise<RunningApi> {
  const prisma =
    givenPrisma ?? createPrismaClient({ databaseUrl: config.DATABASE_URL, maxConnections: config.DATABASE_POOL_MAX });
  const separateInternal = config.INTERNAL_PORT !== undefined;
  const servers: HttpServer[] = [];
  try {
    const publicApp = await buildApp({
      config,
      prisma,
      logger,
      surfaces: { public: true, internal: !separateInternal },
    });
    servers.push(publicApp);
    const url = await publicApp.listen({ host: config.HOST, port: config.PORT });
    let internalUrl = url;
    if (separateInternal) {
      const internalApp = await buildApp({
        config,
        prisma,
        logger: logger.child({ surface: 'internal' }),
        surfaces: { public: false, internal: true },
      });
      servers.push(internalApp);
      internalUrl = await internalApp.listen({ host: config.HOST, port: config.INTERNAL_PORT });
    }
    // Deletes viewer snapshots past their retention, on a schedule, in bounded batches.
    const retention = startSnapshotRetention({
      prisma,
      logger: logger.child({ job: 'snapshot-retention' }),
      retentionDays: config.SNAPSHOT_RETENTION_DAYS,
      intervalMs: config.RETENTION_INTERVAL_MS,
      batchSize: config.RETENTION_BATCH_SIZE,
    });
    // Drops feature events' day partitions past FEATURE_EVENTS_RETENTION_DAYS, and old rollups.
    const featureRetentionPool = createPgPool({
      databaseUrl: config.DATABASE_URL,
      maxConnections: 1,
      applicationName: 'showfloor-feature-retention',
    });
    const featureRetention = startFeatureEventsRetention({
      repository: createFeatureEventsRepository(featureRetentionPool),
      logger: logger.child({ job: 'feature-events-retention' }),
      eventRetentionDays: config.FEATURE_EVENTS_RETENTION_DAYS,
      rollupRetentionDays: config.FEATURE_ROLLUPS_RETENTION_DAYS,
      intervalMs: config.RETENTION_INTERVAL_MS,
      batchSize: config.RETENTION_BATCH_SIZE,
    });
    // Drops visitor events' day partitions past VISITOR_EVENTS_RETENTION_DAYS, and their sessions.
    const visitorRetention = startVisitorEventsRetention({
      repository: createVisitorEventsRepository(featureRetentionPool),
      logger: logger.child({ job: 'visitor-events-retention' }),
      retentionDays: config.VISITOR_EVENTS_RETENTION_DAYS,
      intervalMs: config.RETENTION_INTERVAL_MS,
      batchSize: config.RETENTION_BATCH_SIZE,
    });
    // Rebuilds the breakdown sketches later batches moved visitors out of, off the write path, on a
    // connection of its own (it runs every few seconds, not daily like the retention jobs).
    const sketchRebuildPool = createPgPool({
      databaseUrl: config.DATABASE_URL,
      maxConnections: 1,
      applicationName: 'showfloor-visitor-sketches',
    });
    const sketchRebuild = startVisitorSketchRebuild({
      repository: createVisitorEventsRepository(sketchRebuildPool),
      logger: logger.child({ job: 'visitor-sketch-rebuild' }),
      intervalMs: config.VISITOR_SKETCH_REBUILD_MS,
      batchSize: 500,
    });
    // Gives back the space of expired notifications (reads already ignore them), in batches.
    const notificationExpiry = startNotificationExpiry({
      repository: createNotificationsRepository(prisma),
      logger: logger.child({ job: 'notification-expiry' }),
      intervalMs: config.RETENTION_INTERVAL_MS,
      batchSize: config.RETENTION_BATCH_SIZE,
    });
    return {
      url,
      internalUrl,
      async close() {
        await notificationExpiry.stop();
        await retention.stop();
        await featureRetention.stop();
        await visitorRetention.stop();
        await featureRetentionPool.end();
        await sketchRebuild.stop();
        await sketchRebuildPool.end();
        await Promise.all(servers.map((server) => server.close()));
        if (!givenPrisma) await prisma.$disconnect();
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    if (!givenPrisma) await prisma.$disconnect();
    throw error;
  }
}
