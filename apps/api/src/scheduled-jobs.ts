import type { ApiConfig } from '@showfloor/config';
import { createPgPool, type PrismaClient } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';
import { createFeatureEventsRepository } from './modules/feature-analytics/feature-events.repository.ts';
import { startFeatureEventsRetention } from './modules/feature-analytics/feature-events-retention.job.ts';
import { startNotificationExpiry } from './modules/feeds/notification-expiry.job.ts';
import { createNotificationsRepository } from './modules/feeds/notifications.repository.ts';
import { startSnapshotRetention } from './modules/snapshot-retention/snapshot-retention.job.ts';
import { createVisitorEventsRepository } from './modules/visitor-analytics/visitor-events.repository.ts';
import { startVisitorEventsRetention } from './modules/visitor-analytics/visitor-events-retention.job.ts';
import { startVisitorSketchRebuild } from './modules/visitor-analytics/visitor-sketch-rebuild.job.ts';

/**
 * The API's work on a schedule rather than on request: retention, the sketch rebuild, expiring
 * notifications. One set per host's API (process 0 of API_PROCESSES starts it).
 */
export function startScheduledJobs({
  config,
  prisma,
  logger,
}: {
  config: ApiConfig;
  prisma: PrismaClient;
  logger: Logger;
}): { stop(): Promise<void> } {
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
    async stop() {
      await notificationExpiry.stop();
      await retention.stop();
      await featureRetention.stop();
      await visitorRetention.stop();
      await featureRetentionPool.end();
      await sketchRebuild.stop();
      await sketchRebuildPool.end();
    },
  };
}
