import type { ProductClickerRecord, SessionViewRecord } from '@showfloor/contracts';
import { ConflictError, ForbiddenError, type SessionFacts } from '@showfloor/contracts';
import type { Clock, Logger } from '@showfloor/server-kit';
import type { InternalApiClient } from '../api-client/internal-api-client.ts';
import type { LiveCountersBroadcaster } from '../broadcast/live-counters-broadcaster.ts';
import type { DeliveryOutbox } from '../flush/delivery-outbox.ts';
import type { StreamEnder } from '../flush/stream-ender.ts';
import type { RealtimeServer, RealtimeSocket } from '../socket/socket-types.ts';
import type { IdleSessionRelease } from '../state/idle-session-release.ts';
import type { LiveSession } from '../state/live-session.ts';
import type { LiveSessionRegistry } from '../state/live-session-registry.ts';
import type { SessionFactsCache } from '../state/session-facts-cache.ts';
import type { SocketAction, SocketRateLimits } from '../state/socket-rate-limits.ts';

/** What every event handler may use; built once in app.ts. */
export interface HandlerContext {
  io: RealtimeServer;
  api: InternalApiClient;
  facts: SessionFactsCache;
  registry: LiveSessionRegistry;
  broadcaster: LiveCountersBroadcaster;
  views: DeliveryOutbox<SessionViewRecord>;
  clickers: DeliveryOutbox<ProductClickerRecord>;
  streamEnder: StreamEnder;
  limits: SocketRateLimits;
  /** The types `send-reaction` accepts (REACTION_TYPES). */
  reactionTypes: ReadonlySet<string>;
  /** Most sessions one socket may be in at once. */
  maxSessionsPerSocket: number;
  releaseIfIdle: IdleSessionRelease;
  metrics: RealtimeMetrics;
  clock: Clock;
  logger: Logger;
}

export interface RealtimeMetrics {
  reactionsAccepted: number;
  reactionsRateLimited: number;
  clicksRateLimited: number;
  joinsRateLimited: number;
}

const refusalMetric = {
  join: 'joinsRateLimited',
  reaction: 'reactionsRateLimited',
  click: 'clicksRateLimited',
} as const satisfies Record<SocketAction, keyof RealtimeMetrics>;

/** Takes one of the socket's `action` budget, or refuses with rate_limited (and counts the refusal). */
export async function withinRateLimit(context: HandlerContext, action: SocketAction, socket: RealtimeSocket) {
  try {
    await context.limits.take(action, socket.id);
  } catch (error) {
    context.metrics[refusalMetric[action]] += 1;
    throw error;
  }
}

/**
 * The tracked session a socket has joined, with fresh facts; refuses events for sessions the
 * socket is not in. A session seen ended here is ended on this node too.
 */
export async function joinedSession(
  context: HandlerContext,
  socket: RealtimeSocket,
  sessionId: string,
): Promise<{ session: LiveSession; facts: SessionFacts }> {
  const session = context.registry.get(sessionId);
  if (!socket.data.sessions.has(sessionId) || !session) {
    throw new ForbiddenError('Join the session before sending events to it');
  }
  const facts = await context.facts.get(sessionId);
  if (facts.status === 'ended') {
    context.streamEnder.end(sessionId, { announced: false });
    throw new ConflictError('The stream has ended');
  }
  return { session, facts };
}

export function requireLive(facts: SessionFacts, action: string): void {
  if (facts.status !== 'live')
    throw new ConflictError(`${action} only while the stream is live (it is ${facts.status})`);
}
