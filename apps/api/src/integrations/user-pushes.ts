import {
  maxUserPushesPerBatch,
  realtimeInternalRoutes,
  successEnvelope,
  type UserPush,
  userPushResultSchema,
  userPushSchema,
} from '@showfloor/contracts';
import { type BackoffPolicy, DeliveryOutbox } from '@showfloor/delivery';
import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { createRealtimePost } from './realtime-post.ts';

export interface UserPushesOptions {
  realtimeUrl: string;
  internalApiKey: string;
  /** Pushes held for the realtime service at most; beyond it the oldest are given up (logged, counted). */
  maxPending: number;
  backoff: BackoffPolicy;
  attemptTimeoutMs: number;
  clock?: Clock;
  logger: Logger;
}

interface QueuedUserPush {
  key: string;
  push: UserPush;
}

// The realtime service's HTTP base accepts 1 MiB bodies.
const realtimeBodyLimitBytes = 1_048_576;

/**
 * API → realtime: events for single users' tabs (notifications, activities, unread counts),
 * batched up to 1,000 a request, in the order they were queued, retried with back-off while the
 * realtime service is down. What they announce is stored before they are queued, so a push given
 * up (outbox full, service refusing) is logged and counted, and the client's next fetch has it.
 */
export function createUserPushes(options: UserPushesOptions) {
  const { logger } = options;
  let sequence = 0;
  let outsideContract = 0;
  const post = createRealtimePost({
    url: new URL(realtimeInternalRoutes.userPushes, options.realtimeUrl),
    internalApiKey: options.internalApiKey,
    attemptTimeoutMs: options.attemptTimeoutMs,
    answerSchema: successEnvelope(userPushResultSchema),
    logger,
  });

  const outbox = new DeliveryOutbox<QueuedUserPush>({
    name: 'user-pushes',
    receiver: 'the realtime service',
    keyOf: (queued) => queued.key,
    deliver: (batch) => post({ pushes: batch.map((queued) => queued.push) }, { pushes: batch.length }),
    maxItems: options.maxPending,
    maxBatchSize: maxUserPushesPerBatch,
    maxBatchBytes: realtimeBodyLimitBytes,
    backoff: options.backoff,
    clock: options.clock ?? systemClock,
    logger,
  });

  return {
    /** Queues the pushes behind every one queued before; never waits, never rejects. */
    send(pushes: readonly UserPush[]): void {
      const queued: QueuedUserPush[] = [];
      for (const push of pushes) {
        const parsed = userPushSchema.safeParse(push);
        if (!parsed.success) {
          outsideContract += 1;
          logger.error({ event: push.event, err: parsed.error }, 'gave up a user push outside the contract');
          continue;
        }
        sequence += 1;
        queued.push({ key: `${sequence}:${push.event}:${push.userId}`, push: parsed.data });
      }
      if (queued.length > 0) outbox.enqueue(queued);
    },

    /** For `/health`. */
    stats(): { pending: number; dropped: number } {
      return { pending: outbox.getStats().pending, dropped: outbox.givenUpCount() + outsideContract };
    },

    close(): void {
      outbox.stop();
      const left = outbox.pendingItems().length;
      if (left > 0)
        logger.warn({ undelivered: left }, 'shutting down with user pushes undelivered; clients fetch them');
    },
  };
}

export type UserPushes = ReturnType<typeof createUserPushes>;
