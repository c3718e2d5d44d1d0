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

  async function send(broadcast: RoomBroadcast): Promise<boolean> {
    const body = JSON.stringify(roomBroadcastSchema.parse(broadcast));
    let lastFailure: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [internalKeyHeader]: options.internalApiKey },
          body,
          signal: AbortSignal.timeout(timeoutMs),
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
    broadcast: send,
  };
}

export type RoomNotifier = ReturnType<typeof createRoomNotifier>;
