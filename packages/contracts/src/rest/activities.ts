import { z } from 'zod';
import { successEnvelope } from '../envelope.ts';
import { cursorPagedEnvelope, cursorPageQuerySchema } from './cursor-page.ts';
import { textSchema } from './text.ts';
import { timestampSchema } from './timestamp.ts';

/**
 * What happened, in the user's own feed (seed 001's activity types made true to live shopping).
 * Every type but `custom` is written by the system when the thing happens; a client can only add
 * `custom` ones to its own feed.
 */
export const activityTypes = [
  'signed_in',
  'session_created',
  'product_created',
  'went_live',
  'stream_ended',
  'watched_stream',
  'chat_message',
  'product_click',
  'custom',
] as const;
export const activityTypeSchema = z.enum(activityTypes);
export type ActivityType = z.infer<typeof activityTypeSchema>;

/** Small free-form details: at most 20 keys, each value a short string, number, boolean or null. */
export const feedDataSchema = z
  .record(textSchema().min(1).max(40), z.union([textSchema().max(500), z.number().finite(), z.boolean(), z.null()]))
  .refine((data) => Object.keys(data).length <= 20, 'at most 20 keys');
export type FeedData = z.infer<typeof feedDataSchema>;

export const activitySchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  type: activityTypeSchema,
  title: z.string(),
  description: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  readAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type ActivityView = z.infer<typeof activitySchema>;

/** POST /api/activities: the caller's own custom activity; the user comes from the token. */
export const createActivityBodySchema = z
  .object({
    /** Only `custom`: the other types are the system's record of what happened. */
    type: z.literal('custom').default('custom'),
    title: textSchema().trim().min(1).max(200),
    description: textSchema().trim().max(1000).optional(),
    data: feedDataSchema.default({}),
  })
  .strict();
export type CreateActivityBody = z.infer<typeof createActivityBodySchema>;

/** `me` stands for the caller. */
export const feedOwnerParamsSchema = z.object({ userId: z.union([z.literal('me'), z.uuid()]) });
export const activityIdParamsSchema = z.object({ activityId: z.uuid() });

export const activityListQuerySchema = cursorPageQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional(),
});
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;

export const activitiesPageEnvelope = cursorPagedEnvelope(activitySchema);

export const unreadCountSchema = z.object({ userId: z.uuid(), unread: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

/** read-all / clear-all: how many rows changed, and the count left unread. */
export const bulkChangeSchema = z.object({ userId: z.uuid(), changed: z.number().int(), unread: z.number().int() });
export type BulkChange = z.infer<typeof bulkChangeSchema>;

export const activityResponse = successEnvelope(activitySchema);
