import { z } from 'zod';
import {
  messageDeletedSchema,
  newMessageSchema,
  productShowcasedSchema,
  sessionProductsChangedSchema,
  showcaseClearedSchema,
  streamEndedSchema,
  streamPausedSchema,
  streamResumedSchema,
  streamStartedSchema,
} from '../socket/room-events.ts';

/** API → realtime: emit one event to a session's room. Validated on both sides. */
export const roomBroadcastSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('stream-started'), payload: streamStartedSchema }).strict(),
  z.object({ event: z.literal('stream-ended'), payload: streamEndedSchema }).strict(),
  z.object({ event: z.literal('stream-paused'), payload: streamPausedSchema }).strict(),
  z.object({ event: z.literal('stream-resumed'), payload: streamResumedSchema }).strict(),
  z.object({ event: z.literal('session-products-changed'), payload: sessionProductsChangedSchema }).strict(),
  z.object({ event: z.literal('product-showcased'), payload: productShowcasedSchema }).strict(),
  z.object({ event: z.literal('showcase-cleared'), payload: showcaseClearedSchema }).strict(),
  z.object({ event: z.literal('new-message'), payload: newMessageSchema }).strict(),
  z.object({ event: z.literal('message-deleted'), payload: messageDeletedSchema }).strict(),
]);
export type RoomBroadcast = z.infer<typeof roomBroadcastSchema>;

export const roomBroadcastResultSchema = z.object({
  /** Sockets in the room on this node when the event went out. */
  recipients: z.number().int().nonnegative(),
  /** What the event set off reached the API in time (an ended stream's final totals and views). */
  delivered: z.boolean(),
});

export const realtimeInternalRoutes = {
  broadcast: '/internal/broadcast',
  userPushes: '/internal/user-pushes',
  liveSession: '/internal/sessions/:sessionId/live',
  watchingNow: '/internal/sessions/watching',
} as const;
