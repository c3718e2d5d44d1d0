import type { RealtimeConfig } from '@showfloor/config';
import {
  maxVisitorEventsPerBatch,
  productClickerRecordSchema,
  sessionMilestoneSchema,
  sessionTotalsSchema,
  sessionViewRecordSchema,
  type VisitorEventRecord,
  viewerSnapshotSchema,
  visitorEventRecordSchema,
} from '@showfloor/contracts';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import { createDeliveryPipeline, type DeliveryPipelineDeps, defineOutbox } from './delivery-pipeline.ts';

type OutboxApi = Pick<
  InternalApiClient,
  | 'postViewerSnapshots'
  | 'postSessionViews'
  | 'postProductClickers'
  | 'postSessionTotals'
  | 'postVisitorEvents'
  | 'postSessionMilestones'
>;

/**
 * What a realtime node sends the API: minute snapshots, view records and first clicks (batched),
 * and cumulative session totals (keyed by session, so newer replace older).
 */
export function realtimeOutboxes(api: OutboxApi, config: RealtimeConfig) {
  return {
    snapshots: defineOutbox({
      name: 'viewer-snapshots',
      healthKey: 'viewerSnapshots',
      schema: viewerSnapshotSchema,
      keyOf: (snapshot) => `${snapshot.sessionId}|${snapshot.minute}|${snapshot.nodeId}`,
      deliver: async (items) => void (await api.postViewerSnapshots(items)),
      bound: config.PENDING_SNAPSHOTS_MAX,
    }),
    views: defineOutbox({
      name: 'session-views',
      healthKey: 'sessionViews',
      schema: sessionViewRecordSchema,
      keyOf: (view) => view.id,
      deliver: (items) => api.postSessionViews(items),
      bound: config.PENDING_VIEWS_MAX,
      batchDelayMs: config.VIEW_FLUSH_MS,
    }),
    clickers: defineOutbox({
      name: 'product-clickers',
      healthKey: 'productClickers',
      schema: productClickerRecordSchema,
      keyOf: (clicker) => `${clicker.sessionId}|${clicker.productId}|${clicker.viewerKey}`,
      deliver: (items) => api.postProductClickers(items),
      bound: config.PENDING_VIEWS_MAX,
      batchDelayMs: config.VIEW_FLUSH_MS,
    }),
    totals: defineOutbox({
      name: 'session-totals',
      healthKey: 'sessionTotals',
      schema: sessionTotalsSchema,
      keyOf: (totals) => totals.sessionId,
      deliver: (items) => api.postSessionTotals(items),
      bound: 10_000,
      // The API counts distinct viewers and clickers from their records when totals arrive, so the
      // records gathered so far go first.
      after: ['views', 'clickers'],
    }),
    // A session crossed a viewer or reaction threshold: the creator's milestone notification.
    milestones: defineOutbox({
      name: 'session-milestones',
      healthKey: 'sessionMilestones',
      schema: sessionMilestoneSchema,
      keyOf: (milestone) => `${milestone.sessionId}|${milestone.kind}|${milestone.threshold}`,
      deliver: (items) => api.postSessionMilestones(items),
      bound: 10_000,
    }),
    // Seed 002's history: every event the visitor collector accepted, keyed by its own id (the API
    // stores an id once, so a batch retried after a lost answer is harmless).
    visitorEvents: defineOutbox({
      name: 'visitor-events',
      healthKey: 'visitorEvents',
      schema: visitorEventRecordSchema,
      keyOf: (event) => event.id,
      deliver: async (items) => void (await api.postVisitorEvents(items)),
      bound: config.PENDING_VISITOR_EVENTS_MAX,
      batchDelayMs: config.VISITOR_EVENTS_FLUSH_MS,
      // The contract's largest batch: one delivery at a time, so the batch size is the throughput
      // (1,000 held history at ~2,500 rows/s under a 20,000 events/s collector).
      maxBatchSize: maxVisitorEventsPerBatch,
    }),
  };
}

export type RealtimeDelivery = ReturnType<typeof createRealtimeDelivery>;

/** The realtime node's delivery pipeline: its outboxes (`delivery.totals`…) and their controls. */
export function createRealtimeDelivery(deps: DeliveryPipelineDeps & { api: OutboxApi; config: RealtimeConfig }) {
  return createDeliveryPipeline(realtimeOutboxes(deps.api, deps.config), deps);
}

/**
 * Hands accepted visitor events to the pipeline for the API's history (the collector calls it with
 * each accepted batch). Returns at once: delivery is batched, retried and spooled by the outbox.
 */
export function forwardVisitorEvents(delivery: Pick<RealtimeDelivery, 'visitorEvents'>, events: VisitorEventRecord[]) {
  if (events.length > 0) delivery.visitorEvents.enqueue(events);
}

/**
 * Whether `events` more fit the history's outbox without pushing older ones out. The collector
 * refuses (503) rather than accept events the bound would give up while the API is behind.
 */
export function visitorHistoryHasRoom(
  delivery: Pick<RealtimeDelivery, 'visitorEvents'>,
  config: Pick<RealtimeConfig, 'PENDING_VISITOR_EVENTS_MAX'>,
) {
  return (events: number) => delivery.visitorEvents.getStats().pending + events <= config.PENDING_VISITOR_EVENTS_MAX;
}
