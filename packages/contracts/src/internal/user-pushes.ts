import { z } from 'zod';
import { userEventSchemas } from '../socket/user-events.ts';

/** API → realtime: one event for one user's private room. Validated on both sides. */
export const userPushSchema = z.discriminatedUnion('event', [
  z
    .object({ userId: z.uuid(), event: z.literal('activity:created'), payload: userEventSchemas['activity:created'] })
    .strict(),
  z
    .object({
      userId: z.uuid(),
      event: z.literal('notification:received'),
      payload: userEventSchemas['notification:received'],
    })
    .strict(),
  z
    .object({ userId: z.uuid(), event: z.literal('unread:counts'), payload: userEventSchemas['unread:counts'] })
    .strict(),
  z
    .object({
      userId: z.uuid(),
      event: z.literal('analytics:updated'),
      payload: userEventSchemas['analytics:updated'],
    })
    .strict(),
]);
export type UserPush = z.infer<typeof userPushSchema>;

export const maxUserPushesPerBatch = 1_000;

export const userPushBatchSchema = z
  .object({ pushes: z.array(userPushSchema).min(1).max(maxUserPushesPerBatch) })
  .strict();
export type UserPushBatch = z.infer<typeof userPushBatchSchema>;

export const userPushResultSchema = z.object({
  /** Pushes whose user had at least one socket on this node. */
  delivered: z.number().int().nonnegative(),
});
