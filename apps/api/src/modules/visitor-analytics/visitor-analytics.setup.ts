import type { ApiHealth } from '@showfloor/contracts';
import { createPgPool } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';
import { createHistoryReads } from './history-reads.ts';
import { createVisitorBreakdownsRepository } from './visitor-breakdowns.repository.ts';
import { createVisitorEventWriter, type VisitorEventWriterOptions } from './visitor-event-writer.ts';
import { createVisitorEventsRepository } from './visitor-events.repository.ts';
import { createVisitorHistoryRepository } from './visitor-history.repository.ts';
import { createVisitorHistoryService } from './visitor-history.service.ts';
import { createVisitorIndexRepository } from './visitor-index/visitor-index.repository.ts';
import { startVisitorIndexSync } from './visitor-index/visitor-index-sync.ts';
import { createVisitorRollupsRepository } from './visitor-rollups.repository.ts';

const offIndex: ApiHealth['visitorIndex'] = {
  state: 'off',
  sessions: 0,
  pageviews: 0,
  days: 0,
  coveredFrom: null,
  seq: 0,
  bytes: 0,
  loadMs: null,
};

export interface VisitorAnalyticsSetup {
  databaseUrl: string;
  writer: Omit<VisitorEventWriterOptions, 'repository' | 'logger'>;
  /** Connections for history reads, beside the writer's one. */
  readConnections: number;
  /** A history read still running after this is cancelled and answered 503 (history-reads.ts). */
  readTimeoutMs: number;
  /** The in-memory index (visitor-index/); maxPageviews 0: off. */
  index: { maxPageviews: number; syncIntervalMs: number; retentionDays: number };
  logger: Logger;
}

/**
 * Visitor history with connections of its own (as feature analytics): ingest bursts and dashboard
 * reads never queue behind the rest of the API. pg connects lazily. `close` commits what was accepted.
 */
export function setUpVisitorAnalytics(setup: VisitorAnalyticsSetup) {
  const pool = createPgPool({
    databaseUrl: setup.databaseUrl,
    maxConnections: setup.readConnections + 1,
    applicationName: 'showfloor-visitor-events',
    settings: { jit: 'off' },
  });
  const writer = createVisitorEventWriter({
    ...setup.writer,
    repository: createVisitorEventsRepository(pool),
    logger: setup.logger,
  });
  const reads = createHistoryReads(pool, setup.readTimeoutMs);
  // The index loads and follows the history on a connection of its own (its start-up load is long).
  const indexPool =
    setup.index.maxPageviews > 0
      ? createPgPool({
          databaseUrl: setup.databaseUrl,
          maxConnections: 1,
          applicationName: 'showfloor-visitor-index',
          // A statement stuck behind a lock must not hold the index (nor a read waiting for it) for ever.
          settings: { jit: 'off', statement_timeout: '60000' },
        })
      : undefined;
  const indexSync =
    indexPool === undefined
      ? undefined
      : startVisitorIndexSync({
          pool: indexPool,
          maxPageviews: setup.index.maxPageviews,
          syncIntervalMs: setup.index.syncIntervalMs,
          retentionDays: setup.index.retentionDays,
          freshWaitMs: Math.max(1, Math.floor(setup.readTimeoutMs / 2)),
          logger: setup.logger.child({ component: 'visitor-index' }),
        });
  return {
    service: createVisitorHistoryService({
      ...(indexSync ? { index: createVisitorIndexRepository(indexSync, reads) } : {}),
      repository: createVisitorHistoryRepository(reads),
      rollups: createVisitorRollupsRepository(reads),
      breakdowns: createVisitorBreakdownsRepository(reads),
      writer,
    }),
    writer,
    indexHealth: (): ApiHealth['visitorIndex'] => indexSync?.health() ?? offIndex,
    async close() {
      await writer.drain();
      await indexSync?.stop();
      await Promise.all([pool.end(), indexPool?.end()]);
    },
  };
}
