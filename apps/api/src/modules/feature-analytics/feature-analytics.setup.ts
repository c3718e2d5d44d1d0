import { createPgPool } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';
import type { CacheEvictions } from '../../shared/cache-evictions.ts';
import { createFeatureAnalyticsService, type TrackingUser } from './feature-analytics.service.ts';
import { createFeatureEventWriter, type FeatureEventWriterOptions } from './feature-event-writer.ts';
import { createFeatureEventsRepository } from './feature-events.repository.ts';

export interface FeatureAnalyticsSetup {
  databaseUrl: string;
  writer: Omit<FeatureEventWriterOptions, 'repository' | 'logger'>;
  findTrackingUser(userId: string): Promise<TrackingUser | null>;
  userCacheTtlMs: number;
  evictions: CacheEvictions;
  /** Connections in per-row mode: the API's own pool size (DATABASE_POOL_MAX). */
  perRowConnections: number;
  logger: Logger;
}

/**
 * Feature analytics with connections of its own: a burst of tracking never waits behind, or
 * starves, the rest of the API's queries. pg connects lazily, so an instance that serves no
 * tracking (the internal surface) opens none. `close` commits every accepted event first.
 */
export function setUpFeatureAnalytics(setup: FeatureAnalyticsSetup) {
  const pool = createPgPool({
    databaseUrl: setup.databaseUrl,
    // Per-row mode (the benchmark's baseline) gets the pool size a per-row backend would have.
    maxConnections: setup.writer.mode === 'per-row' ? setup.perRowConnections : setup.writer.connections + 2,
    applicationName: 'showfloor-feature-events',
    // The dashboard's reads cost enough to cross jit_above_cost, and compiling them took longer
    // (25-30 ms, bench:ingest) than it saved on queries that run in single-digit milliseconds.
    settings: { jit: 'off' },
  });
  const repository = createFeatureEventsRepository(pool);
  const writer = createFeatureEventWriter({ ...setup.writer, repository, logger: setup.logger });
  return {
    service: createFeatureAnalyticsService({
      repository,
      writer,
      findTrackingUser: setup.findTrackingUser,
      userCacheTtlMs: setup.userCacheTtlMs,
      evictions: setup.evictions,
    }),
    writer,
    async close() {
      await writer.drain();
      await pool.end();
    },
  };
}
