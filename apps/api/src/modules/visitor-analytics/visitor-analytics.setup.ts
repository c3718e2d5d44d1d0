import { createPgPool } from '@showfloor/db';
import type { Logger } from '@showfloor/server-kit';
import { createHistoryReads } from './history-reads.ts';
import { createVisitorBreakdownsRepository } from './visitor-breakdowns.repository.ts';
import { createVisitorEventWriter, type VisitorEventWriterOptions } from './visitor-event-writer.ts';
import { createVisitorEventsRepository } from './visitor-events.repository.ts';
import { createVisitorHistoryRepository } from './visitor-history.repository.ts';
import { createVisitorHistoryService } from './visitor-history.service.ts';
import { createVisitorRollupsRepository } from './visitor-rollups.repository.ts';

export interface VisitorAnalyticsSetup {
  databaseUrl: string;
  writer: Omit<VisitorEventWriterOptions, 'repository' | 'logger'>;
  /** Connections for history reads, beside the writer's one. */
  readConnections: number;
  /** A history read still running after this is cancelled and answered 503 (history-reads.ts). */
  readTimeoutMs: number;
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
  return {
    service: createVisitorHistoryService({
      repository: createVisitorHistoryRepository(reads),
      rollups: createVisitorRollupsRepository(reads),
      breakdowns: createVisitorBreakdownsRepository(reads),
      writer,
    }),
    writer,
    async close() {
      await writer.drain();
      await pool.end();
    },
  };
}
