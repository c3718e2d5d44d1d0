import {
  internalKeyHeader,
  type RoomBroadcast,
  realtimeInternalRoutes,
  roomBroadcastSchema,
} from '@showfloor/contracts';
import type { Logger } from '@showfloor/server-kit';

export interface RoomNotifierOptions {
  realtimeUrl: string;
  internalApiKey: string;
  logger: Logger;
  timeoutMs?: number;
  attempts?: number;
  /** How long `announce` holds the caller for the realtime service to apply an event. */
  waitMs?: number;
}

/**
 * Tells the realtime service to emit an event to a session's room. Called after the change is
 * committed, so a realtime outage never fails or rolls back the REST call: delivery is retried a
 * few times, then logged. Viewers who missed it see the state on their next read or join.
 */
export function createRoomNotifier(options: RoomNotifierOptions) {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const attempts = options.attempts ?? 3;
  const url = new URL(realtimeInternalRoutes.broadcast, options.realtimeUrl);

  async function send(broadcast: RoomBroadcast, attemptTimeoutMs = timeoutMs): Promise<boolean> {
    const body = JSON.stringify(roomBroadcastSchema.parse(broadcast));
    let lastFailure: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [internalKeyHeader]: options.internalApiKey },
          body,
          signal: AbortSignal.timeout(attemptTimeoutMs),
        });
        if (response.ok) return true;
        // A 4xx means the payload or key is wrong; repeating it cannot help.
        if (response.status < 500) {
          options.logger.error({ event: broadcast.event, status: response.status }, 'realtime refused a broadcast');
          return false;
        }
        lastFailure = new Error(`realtime answered ${response.status}`);
      } catch (error) {
        lastFailure = error;
      }
    }
    options.logger.warn({ err: lastFailure, event: broadcast.event }, 'realtime unreachable; broadcast not delivered');
    return false;
  }

  return {
    /** Resolves to whether the realtime service accepted the event; never rejects. */
    broadcast: (broadcast: RoomBroadcast) => send(broadcast),

    /**
     * For changes the next request must see in force (a pause, a product removed): waits until the
     * realtime service has applied the event, at most `waitMs`, then lets delivery go on in the
     * background, so a realtime outage delays the REST answer by a bounded moment and never fails it.
     * `waitMs` overrides the default bound for events the realtime service takes longer to settle
     * (an ended stream answers once its final totals are stored). Resolves to whether it was applied.
     */
    async announce(broadcast: RoomBroadcast, { waitMs = options.waitMs ?? 1_000 } = {}): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      });
      const applied = await Promise.race([send(broadcast, Math.max(timeoutMs, waitMs)), bound]);
      clearTimeout(timer);
      return applied;
    },
  };
}

export type RoomNotifier = ReturnType<typeof createRoomNotifier>;
