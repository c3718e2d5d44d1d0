import { z } from 'zod';
import { productClickStatsSchema, reactionTypeSchema } from '../internal/session-totals.ts';
import { chatMessageTextSchema } from '../rest/chat.ts';
import type { RoomEventListeners } from './room-events.ts';
import type { AckCallback } from './socket-ack.ts';

export const socketEvents = {
  joinSession: 'join-session',
  leaveSession: 'leave-session',
  sendReaction: 'send-reaction',
  sendMessage: 'send-message',
  showcaseProduct: 'showcase-product',
  trackProductClick: 'track-product-click',
  viewerCount: 'viewer-count',
  newReaction: 'new-reaction',
  reactionStats: 'reaction-stats',
  productClickStats: 'product-click-stats',
  trendingProducts: 'trending-products',
} as const;

const sessionIdSchema = z.uuid();

/** Seed 003 allows `{ sessionId }` or the bare id; a `userId` in the payload is ignored (DESIGN.md). */
export const sessionRefPayloadSchema = z.preprocess(
  (payload) => (typeof payload === 'string' ? { sessionId: payload } : payload),
  z.object({ sessionId: sessionIdSchema }),
);
export type SessionRefPayload = z.output<typeof sessionRefPayloadSchema>;

/** Handshake `auth`: an access token, or for guests an id they keep so a reload is the same viewer. */
export const socketHandshakeAuthSchema = z.object({
  token: z.string().min(1).max(4_096).optional(),
  guestId: z.uuid().optional(),
});

export const joinSessionResultSchema = z.object({
  sessionId: z.uuid(),
  role: z.enum(['publisher', 'subscriber']),
  viewerCount: z.number().int().nonnegative(),
});
export type JoinSessionResult = z.infer<typeof joinSessionResultSchema>;

// Payloads are objects whose unknown keys (e.g. a seed-style `userId`) are dropped, never trusted.
export const sendReactionPayloadSchema = z.object({ sessionId: sessionIdSchema, type: reactionTypeSchema });
export const sendMessagePayloadSchema = z.object({ sessionId: sessionIdSchema, message: chatMessageTextSchema });
export const showcaseProductPayloadSchema = z.object({ sessionId: sessionIdSchema, productId: z.uuid().nullable() });
export const trackProductClickPayloadSchema = z.object({ sessionId: sessionIdSchema, productId: z.uuid() });

/** An animation: `count` reactions of `type` since the room's previous animation (bursts are folded, never dropped). */
export const newReactionEventSchema = z.object({
  type: reactionTypeSchema,
  count: z.number().int().positive(),
  timestamp: z.iso.datetime(),
});
export const reactionStatsEventSchema = z.object({
  sessionId: z.uuid(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
});
export const productClickStatsEventSchema = z.object({
  sessionId: z.uuid(),
  productStats: z.array(productClickStatsSchema),
  totalViewers: z.number().int().nonnegative(),
  timestamp: z.iso.datetime(),
});
export const trendingProductsEventSchema = z.object({
  sessionId: z.uuid(),
  products: z.array(productClickStatsSchema).max(5),
  timestamp: z.iso.datetime(),
});

type Ack<T> = AckCallback<T> | undefined;

export interface ClientToServerEvents {
  'join-session': (payload: unknown, ack?: Ack<JoinSessionResult>) => void;
  'leave-session': (payload: unknown, ack?: Ack<{ sessionId: string }>) => void;
  'send-reaction': (payload: unknown, ack?: Ack<{ type: string }>) => void;
  'send-message': (payload: unknown, ack?: Ack<{ id: string; createdAt: string }>) => void;
  'showcase-product': (payload: unknown, ack?: Ack<{ sessionId: string; activeProductId: string | null }>) => void;
  'track-product-click': (payload: unknown, ack?: Ack<{ productId: string }>) => void;
}

export interface ServerToClientEvents extends RoomEventListeners {
  'viewer-count': (count: number) => void;
  'new-reaction': (payload: z.infer<typeof newReactionEventSchema>) => void;
  'reaction-stats': (payload: z.infer<typeof reactionStatsEventSchema>) => void;
  'product-click-stats': (payload: z.infer<typeof productClickStatsEventSchema>) => void;
  'trending-products': (payload: z.infer<typeof trendingProductsEventSchema>) => void;
}
