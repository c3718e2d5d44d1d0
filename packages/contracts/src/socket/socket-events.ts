import { z } from 'zod';
import { chatMessageTextSchema } from '../rest/chat.ts';
import { type ProductClickStats, productClickStatsSchema, reactionTypeSchema } from '../rest/live-counters.ts';
import type { RoomEventListeners } from './room-events.ts';
import type { AckCallback } from './socket-ack.ts';
import type { DataRequestResult, UserEventListeners } from './user-events.ts';

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

/**
 * Each client → server event: what a client sends, and what its ack carries on success. The server
 * reads payloads as `unknown` and validates them (ClientToServerEvents); a client is typed from the
 * same table (ClientToServerEmits), so the two sides cannot drift apart.
 */
export interface SocketCommands {
  'join-session': { payload: string | SessionRefPayload; result: JoinSessionResult };
  'leave-session': { payload: string | SessionRefPayload; result: { sessionId: string } };
  'send-reaction': { payload: z.input<typeof sendReactionPayloadSchema>; result: { type: string } };
  'send-message': { payload: z.input<typeof sendMessagePayloadSchema>; result: { id: string; createdAt: string } };
  'showcase-product': {
    payload: z.input<typeof showcaseProductPayloadSchema>;
    result: { sessionId: string; activeProductId: string | null };
  };
  /** The ack carries the product's click stats on this node right after the click. */
  'track-product-click': { payload: z.input<typeof trackProductClickPayloadSchema>; result: ProductClickStats };
  /** Seed 001: the caller's unread counts and who is online, in the ack (signed-in sockets only). */
  'data:request': { payload: Record<string, never> | undefined; result: DataRequestResult };
}
export type SocketCommandName = keyof SocketCommands;

/** The server's view: a payload is untrusted until its schema has parsed it; the ack is optional. */
export type ClientToServerEvents = {
  [E in SocketCommandName]: (payload: unknown, ack?: AckCallback<SocketCommands[E]['result']>) => void;
};

/** A client's view (socket.io-client's emit map): typed payloads, and an ack for `emitWithAck`. */
export type ClientToServerEmits = {
  [E in SocketCommandName]: (
    payload: SocketCommands[E]['payload'],
    ack: AckCallback<SocketCommands[E]['result']>,
  ) => void;
};

/** What the handshake's `auth` carries: an access token, or a guest's kept id. */
export type SocketHandshakeAuth = z.input<typeof socketHandshakeAuthSchema>;

export interface ServerToClientEvents extends RoomEventListeners, UserEventListeners {
  'viewer-count': (count: number) => void;
  'new-reaction': (payload: z.infer<typeof newReactionEventSchema>) => void;
  'reaction-stats': (payload: z.infer<typeof reactionStatsEventSchema>) => void;
  'product-click-stats': (payload: z.infer<typeof productClickStatsEventSchema>) => void;
  'trending-products': (payload: z.infer<typeof trendingProductsEventSchema>) => void;
}
