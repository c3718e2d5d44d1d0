import type { RealtimeConfig } from '@showfloor/config';
import { createOutboxSpool, DeliveryOutbox, type OutboxStats } from '@showfloor/delivery';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { z } from 'zod';

/** One stream of data bound for the API: what the pipeline needs to build, name and spool its outbox. */
export interface OutboxDefinition<Schema extends z.ZodType = z.ZodType, HealthKey extends string = string> {
  /** Names the outbox in logs and its spool file. */
  name: string;
  /** Its entry under `/health`'s `outboxes`. */
  healthKey: HealthKey;
  /** The contract schema of one item: it types the outbox, and spooled items are validated against it when read back. */
  schema: Schema;
  /** Items with the same key replace each other (cumulative data is never queued twice). */
  keyOf(item: z.output<Schema>): string;
  deliver(items: z.output<Schema>[]): Promise<void>;
  /** Most items held; beyond it the oldest are given up (logged, counted). */
  bound: number;
  /** Items in one delivery at most (default 1,000); the body limit cuts batches further. */
  maxBatchSize?: number;
  /** Gather items this long before sending, so bursts travel as one batch (default: send at once). */
  batchDelayMs?: number;
  /** Outboxes of the same pipeline whose items must reach the API before a batch of this one. */
  after?: readonly string[];
}

/** Types a definition by its schema and keeps its health key literal (a plain object widens it). */
export function defineOutbox<Schema extends z.ZodType, const HealthKey extends string>(
  definition: OutboxDefinition<Schema, HealthKey>,
): OutboxDefinition<Schema, HealthKey> {
  return definition;
}

type Definitions = Record<string, OutboxDefinition>;

/** Each definition's outbox, under the definition's own key. */
export type OutboxesOf<D extends Definitions> = {
  [K in keyof D]: DeliveryOutbox<z.output<D[K]['schema']>>;
};

type HealthOf<D extends Definitions> = { [K in keyof D as D[K]['healthKey']]: OutboxStats };

export interface PipelineStats<D extends Definitions> {
  /** Items waiting for the API, over every outbox. */
  pending: number;
  /** Items given up for any reason, over every outbox. */
  givenUp: number;
  outboxes: HealthOf<D>;
}

export interface DeliveryControls<D extends Definitions> {
  /** Per outbox, and in all: `givenUp` counts every item abandoned, whatever the reason. */
  stats(): PipelineStats<D>;
  /** Takes back what a previous run spooled. */
  restore(): Promise<void>;
  /** Shutdown: deliver what it can before the deadline, then spool the rest. */
  flushAndSpool(timeoutMs: number): Promise<void>;
}

export type DeliveryPipeline<D extends Definitions> = OutboxesOf<D> & DeliveryControls<D>;

export interface DeliveryPipelineDeps {
  config: Pick<RealtimeConfig, 'API_BODY_LIMIT_BYTES' | 'RETRY_BASE_MS' | 'RETRY_MAX_MS' | 'SPOOL_DIR' | 'NODE_ID'>;
  clock: Clock;
  logger: Logger;
}

/**
 * Everything this node sends to the API, one outbox per definition, each bounded, batched under the
 * API's body limit and retried with back-off. At shutdown, what is still undelivered is spooled to
 * disk (when SPOOL_DIR is set) and the next start takes it back. A new stream of data is one more
 * definition. The outboxes are the pipeline's own members (`pipeline.totals`), beside its controls.
 */
export function createDeliveryPipeline<D extends Definitions>(
  definitions: D & { [K in keyof DeliveryControls<D>]?: never },
  deps: DeliveryPipelineDeps,
): DeliveryPipeline<D> {
  const { config, clock, logger } = deps;
  const entries = Object.entries(definitions) as [string, OutboxDefinition][];
  const boxes = new Map<string, DeliveryOutbox<unknown>>();
  const prerequisitesOf = (key: string, definition: OutboxDefinition) =>
    (definition.after ?? []).map((name) => {
      const box = boxes.get(name);
      if (!box) throw new Error(`outbox ${key} waits on ${name}, which is not defined before it`);
      return box;
    });
  for (const [key, definition] of entries) {
    const prerequisites = prerequisitesOf(key, definition);
    boxes.set(
      key,
      new DeliveryOutbox<unknown>({
        name: definition.name,
        receiver: 'the API',
        keyOf: definition.keyOf,
        deliver: async (items) => {
          // Each prerequisite still retries on its own if it fails; this batch goes after its attempt.
          if (prerequisites.length > 0) await Promise.all(prerequisites.map((box) => box.drain()));
          await definition.deliver(items);
        },
        maxItems: definition.bound,
        maxBatchSize: definition.maxBatchSize ?? 1_000,
        maxBatchBytes: config.API_BODY_LIMIT_BYTES,
        batchDelayMs: definition.batchDelayMs ?? 0,
        backoff: { baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS },
        clock,
        logger: logger.child({ outbox: definition.name }),
      }),
    );
  }
  const all = [...boxes.values()];

  const spool = config.SPOOL_DIR
    ? createOutboxSpool({
        directory: config.SPOOL_DIR,
        nodeId: config.NODE_ID,
        logger: logger.child({ module: 'spool' }),
      })
    : undefined;

  const controls: DeliveryControls<D> = {
    stats() {
      const outboxes = Object.fromEntries(
        entries.map(([key, definition]) => [definition.healthKey, boxes.get(key)?.getStats()]),
      ) as HealthOf<D>;
      return {
        pending: all.reduce((sum, box) => sum + box.getStats().pending, 0),
        givenUp: all.reduce((sum, box) => sum + box.givenUpCount(), 0),
        outboxes,
      };
    },
    async restore() {
      if (!spool) return;
      for (const [key, definition] of entries) {
        const items = await spool.take(definition.name, definition.schema);
        if (items.length > 0) boxes.get(key)?.enqueue(items);
      }
    },
    async flushAndSpool(timeoutMs) {
      await Promise.all(all.map((box) => box.flush(timeoutMs)));
      for (const box of all) box.stop();
      if (!spool) return;
      for (const [key, definition] of entries) await spool.save(definition.name, boxes.get(key)?.pendingItems() ?? []);
    },
  };
  return Object.assign(Object.fromEntries(boxes), controls) as DeliveryPipeline<D>;
}
