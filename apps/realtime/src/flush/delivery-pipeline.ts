import type { RealtimeConfig } from '@showfloor/config';
import {
  type ProductClickerRecord,
  productClickerRecordSchema,
  type SessionTotals,
  type SessionViewRecord,
  sessionTotalsSchema,
  sessionViewRecordSchema,
  type ViewerSnapshot,
  viewerSnapshotSchema,
} from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { z } from 'zod';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import { DeliveryOutbox } from './delivery-outbox.ts';
import { createOutboxSpool } from './outbox-spool.ts';

/**
 * Everything this node sends to the API, each through its own outbox: minute snapshots, view
 * records and first clicks (batched), and cumulative session totals (keyed by session, so newer
 * replace older).
 * At shutdown, what is still undelivered is spooled to disk (when SPOOL_DIR is set) and the next
 * start takes it back.
 */
export function createDeliveryPipeline(deps: {
  api: InternalApiClient;
  config: RealtimeConfig;
  clock: Clock;
  logger: Logger;
}) {
  const { api, config, clock, logger } = deps;
  const outbox = <T>(
    name: string,
    keyOf: (item: T) => string,
    deliver: (items: T[]) => Promise<void>,
    maxItems: number,
    batchDelayMs = 0,
  ) =>
    new DeliveryOutbox<T>({
      name,
      keyOf,
      deliver,
      maxItems,
      maxBatchSize: 1_000,
      maxBatchBytes: config.API_BODY_LIMIT_BYTES,
      batchDelayMs,
      backoff: { baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS },
      clock,
      logger: logger.child({ outbox: name }),
    });

  const snapshots = outbox<ViewerSnapshot>(
    'viewer-snapshots',
    (snapshot) => `${snapshot.sessionId}|${snapshot.minute}|${snapshot.nodeId}`,
    async (items) => void (await api.postViewerSnapshots(items)),
    config.PENDING_SNAPSHOTS_MAX,
  );
  const views = outbox<SessionViewRecord>(
    'session-views',
    (view) => view.id,
    (items) => api.postSessionViews(items),
    config.PENDING_VIEWS_MAX,
    config.VIEW_FLUSH_MS,
  );
  const clickers = outbox<ProductClickerRecord>(
    'product-clickers',
    (clicker) => `${clicker.sessionId}|${clicker.productId}|${clicker.viewerKey}`,
    (items) => api.postProductClickers(items),
    config.PENDING_VIEWS_MAX,
    config.VIEW_FLUSH_MS,
  );
  const totals = outbox<SessionTotals>(
    'session-totals',
    (item) => item.sessionId,
    async (items) => {
      // The API counts distinct viewers and clickers from their records when totals arrive, so the
      // records gathered so far go first (each outbox still retries on its own if they fail).
      await Promise.all([views.drain(), clickers.drain()]);
      await api.postSessionTotals(items);
    },
    10_000,
  );
  const all = [snapshots, views, clickers, totals];

  const spool = config.SPOOL_DIR
    ? createOutboxSpool({
        directory: config.SPOOL_DIR,
        nodeId: config.NODE_ID,
        logger: logger.child({ module: 'spool' }),
      })
    : undefined;
  // Each outbox paired with its contract schema: spooled data is validated again when read back.
  const spoolable = <T>(name: string, box: DeliveryOutbox<T>, schema: z.ZodType<T>) => ({
    save: () => spool?.save(name, box.pendingItems()),
    restore: async () => {
      const items = spool ? await spool.take(name, schema) : [];
      if (items.length > 0) box.enqueue(items);
    },
  });
  const spooled = [
    spoolable('viewer-snapshots', snapshots, viewerSnapshotSchema),
    spoolable('session-views', views, sessionViewRecordSchema),
    spoolable('product-clickers', clickers, productClickerRecordSchema),
    spoolable('session-totals', totals, sessionTotalsSchema),
  ];

  return {
    snapshots,
    views,
    clickers,
    totals,
    /** Per outbox, and in all: `givenUp` counts every item abandoned, whatever the reason. */
    stats() {
      const outboxes = {
        viewerSnapshots: snapshots.getStats(),
        sessionViews: views.getStats(),
        productClickers: clickers.getStats(),
        sessionTotals: totals.getStats(),
      };
      return {
        pending: all.reduce((sum, box) => sum + box.getStats().pending, 0),
        givenUp: all.reduce((sum, box) => sum + box.givenUpCount(), 0),
        outboxes,
      };
    },
    /** Takes back what a previous run spooled. */
    async restore(): Promise<void> {
      for (const entry of spooled) await entry.restore();
    },
    /** Shutdown: deliver what it can before the deadline, then spool the rest. */
    async flushAndSpool(timeoutMs: number): Promise<void> {
      await Promise.all(all.map((box) => box.flush(timeoutMs)));
      for (const box of all) box.stop();
      for (const entry of spooled) await entry.save();
    },
  };
}

export type DeliveryPipeline = ReturnType<typeof createDeliveryPipeline>;
