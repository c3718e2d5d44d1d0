import { z } from 'zod';
import { productSummarySchema } from '../rest/sessions.ts';

// Events the server sends to everyone in a session's room (seed 003 "WebSocket Events"). The API
// causes most of them through the realtime service's internal broadcast route.

export const streamStartedSchema = z.object({
  sessionId: z.uuid(),
  channelName: z.string(),
  status: z.literal('live'),
  startedAt: z.iso.datetime({ offset: true }),
});
export const streamEndedSchema = z.object({
  sessionId: z.uuid(),
  status: z.literal('ended'),
  endedAt: z.iso.datetime({ offset: true }),
});
/** The creator paused the stream: reactions and clicks are refused until it resumes. */
export const streamPausedSchema = z.object({
  sessionId: z.uuid(),
  status: z.literal('paused'),
  pausedAt: z.iso.datetime({ offset: true }),
});
export const streamResumedSchema = z.object({
  sessionId: z.uuid(),
  status: z.literal('live'),
  resumedAt: z.iso.datetime({ offset: true }),
});
/** The session's product list changed (added, removed, reordered): its ids in display order. */
export const sessionProductsChangedSchema = z.object({
  sessionId: z.uuid(),
  productIds: z.array(z.uuid()).max(1_000),
});
export const productShowcasedSchema = z.object({
  sessionId: z.uuid(),
  productId: z.uuid(),
  product: productSummarySchema,
});
export const showcaseClearedSchema = z.object({ sessionId: z.uuid() });
export const newMessageSchema = z.object({
  id: z.uuid(),
  message: z.string(),
  userId: z.uuid(),
  userName: z.string(),
  sessionId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
});
export const messageDeletedSchema = z.object({ sessionId: z.uuid(), messageId: z.uuid() });

export const roomEventSchemas = {
  'stream-started': streamStartedSchema,
  'stream-ended': streamEndedSchema,
  'stream-paused': streamPausedSchema,
  'stream-resumed': streamResumedSchema,
  'session-products-changed': sessionProductsChangedSchema,
  'product-showcased': productShowcasedSchema,
  'showcase-cleared': showcaseClearedSchema,
  'new-message': newMessageSchema,
  'message-deleted': messageDeletedSchema,
} as const;

export type RoomEventName = keyof typeof roomEventSchemas;
export type RoomEventPayload<E extends RoomEventName> = z.infer<(typeof roomEventSchemas)[E]>;

export type RoomEventListeners = {
  [E in RoomEventName]: (payload: RoomEventPayload<E>) => void;
};
