import {
  type RoomBroadcast,
  realtimeInternalRoutes,
  roomBroadcastResultSchema,
  roomBroadcastSchema,
  successEnvelope,
} from '@showfloor/contracts';
import { type BackoffPolicy, DeliveryOutbox } from '@showfloor/delivery';
import { type Clock, type Logger, systemClock } from '@showfloor/server-kit';
import { createRealtimePost } from './realtime-post.ts';

export interface RoomPushesOptions {
  realtimeUrl: string;
  internalApiKey: string;
  /** Events held for the realtime service at most; beyond it the oldest are given up (logged, counted). */
  maxPending: number;
  backoff: BackoffPolicy;
  /**
   * One attempt's bound. Longer than the realtime node may take to answer (an ended stream is
   * answered once its final totals are stored), or every end would count as a failure.
   */
  attemptTimeoutMs: number;
  clock?: Clock;
  logger: Logger;
}

export interface SendOptions {
  /**
   * For a change the next request must see in force (a pause, a product removed): wait until the
   * realtime service has applied the event, at most this long — but only while it answers. When
   * pushes are backing off or working off a backlog (an earlier wait that ran out included), or the
   * attempt fails, the answer goes out at once and the event stays queued. Without it, the caller
   * never waits (chat).
   */
  inForceWithin?: number;
}

interface QueuedPush {
  /** Unique: every event is its own item, delivered after every event queued before it. */
  key: string;
  broadcast: RoomBroadcast;
}

// The realtime service's HTTP base accepts 1 MiB bodies; a room event is a few hundred bytes
// (a product list of 1,000 ids is 40 KB).
const realtimeBodyLimitBytes = 1_048_576;

const answerSchema = successEnvelope(roomBroadcastResultSchema);

/**
 * API → realtime: the room events REST calls cause, through one bounded outbox. They are sent one
 * at a time in the order they were queued (a pause, then a resume, arrive in that order), retried
 * with capped, jittered back-off while the realtime service is down, and never silently dropped:
 * a give-up (outbox full, refused by the service, too large) is logged at error and counted in
 * `/health`. A REST call never fails because of it and waits only while the service is answering
 * (`inForceWithin`). Each push carries the x-request-id of the call that caused it.
 *
 * Nothing is kept on disk: an API that restarts loses only the events not yet delivered, and
 * viewers recover the state they describe on their next read or join.
 */
export function createRoomPushes(options: RoomPushesOptions) {
  const { logger } = options;
  const url = new URL(realtimeInternalRoutes.broadcast, options.realtimeUrl);
  let sequence = 0;
  let outsideContract = 0;
  // A wait ran out with the event still queued: the service accepts connections but is not
  // answering (hung, or slow to end a stream). Nobody waits again until the backlog has cleared.
  let stalled = false;

  const post = createRealtimePost({
    url,
    internalApiKey: options.internalApiKey,
    attemptTimeoutMs: options.attemptTimeoutMs,
    answerSchema,
    logger,
  });

  const outbox = new DeliveryOutbox<QueuedPush>({
    name: 'room-pushes',
    receiver: 'the realtime service',
    keyOf: (push) => push.key,
    deliver: async (pushes) => {
      for (const push of pushes) await post(push.broadcast, { event: push.broadcast.event });
    },
    maxItems: options.maxPending,
    // One event per request, so order holds through retries.
    maxBatchSize: 1,
    maxBatchBytes: realtimeBodyLimitBytes,
    backoff: options.backoff,
    clock: options.clock ?? systemClock,
    logger,
  });

  return {
    /**
     * Queues `broadcast` behind every event queued before it. Resolves to whether the realtime
     * service had applied it when the call returned (always false without `inForceWithin`); never rejects.
     */
    send(broadcast: RoomBroadcast, { inForceWithin }: SendOptions = {}): Promise<boolean> {
      const parsed = roomBroadcastSchema.safeParse(broadcast);
      if (!parsed.success) {
        outsideContract += 1;
        logger.error(
          { event: broadcast.event, err: parsed.error, totalDropped: outbox.givenUpCount() + outsideContract },
          'gave up a room event outside the contract',
        );
        return Promise.resolve(false);
      }
      // Judged before queueing: a caller that finds the outbox in trouble does not wait behind it.
      if (stalled && outbox.getStats().pending === 0) stalled = false;
      const answering = outbox.isHealthy() && !stalled;
      sequence += 1;
      const key = `${sequence}:${parsed.data.event}:${parsed.data.payload.sessionId}`;
      outbox.enqueue([{ key, broadcast: parsed.data }]);
      if (inForceWithin === undefined || !answering) return Promise.resolve(false);
      return outbox.whenDelivered([key], inForceWithin, { untilFailure: true }).then((inForce) => {
        if (!inForce && outbox.pendingItem(key) !== undefined) stalled = true;
        return inForce;
      });
    },

    /** For `/health`: events waiting, and events given up for any reason since start. */
    stats(): { pending: number; dropped: number } {
      return { pending: outbox.getStats().pending, dropped: outbox.givenUpCount() + outsideContract };
    },

    /** Shutdown: no further attempt; what is still undelivered is named in one error line. */
    close(): void {
      outbox.stop();
      const left = outbox.pendingItems();
      if (left.length === 0) return;
      logger.error(
        { undelivered: left.length, keys: left.slice(0, 100).map((push) => push.key) },
        'shutting down with room events the realtime service has not received; viewers recover them on their next read or join',
      );
    },
  };
}

export type RoomPushes = ReturnType<typeof createRoomPushes>;
