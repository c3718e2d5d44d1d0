import { z } from 'zod';
import { successEnvelope } from '../envelope.ts';
import { feedDataSchema } from './activities.ts';
import { cursorPagedEnvelope, cursorPageQuerySchema } from './cursor-page.ts';
import { textSchema } from './text.ts';
import { timestampSchema } from './timestamp.ts';

/** Seed 001's five types. */
export const notificationTypes = ['achievement', 'milestone', 'reminder', 'system', 'social'] as const;
export const notificationTypeSchema = z.enum(notificationTypes);
export type NotificationType = z.infer<typeof notificationTypeSchema>;

/** A path inside the web app (`/live/…`), never another origin: a notification cannot send a user off-site. */
export const notificationLinkSchema = textSchema()
  .max(300)
  .regex(/^\/(?!\/)[^\s\\]*$/, 'must be a path inside the app, starting with a single /');

export const notificationDataSchema = feedDataSchema.and(z.object({ link: notificationLinkSchema.optional() }));

export const notificationSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  type: notificationTypeSchema,
  title: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
  readAt: timestampSchema.nullable(),
  expiresAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type NotificationView = z.infer<typeof notificationSchema>;

/**
 * POST /api/notifications (admins): to one user (`userId`), or to every user (`everyone: true`,
 * type `system` only). `expiresAt`, when given, must be in the future.
 */
export const createNotificationBodySchema = z
  .object({
    userId: z.uuid().optional(),
    everyone: z.literal(true).optional(),
    type: notificationTypeSchema,
    title: textSchema().trim().min(1).max(200),
    message: textSchema().trim().min(1).max(1000),
    data: notificationDataSchema.default({}),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if ((body.userId === undefined) === (body.everyone === undefined)) {
      context.addIssue({ code: 'custom', path: ['userId'], message: 'give either userId or everyone: true' });
    }
    if (body.everyone && body.type !== 'system') {
      context.addIssue({ code: 'custom', path: ['type'], message: 'a notification to everyone is of type system' });
    }
  });
export type CreateNotificationBody = z.infer<typeof createNotificationBodySchema>;

export const notificationIdParamsSchema = z.object({ notificationId: z.uuid() });

export const notificationListQuerySchema = cursorPageQuerySchema.extend({
  unread: z.enum(['true', 'false']).optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationsPageEnvelope = cursorPagedEnvelope(notificationSchema);

/** What POST /api/notifications stored: the one notification, or how many users got the broadcast. */
export const createdNotificationsSchema = z.object({
  recipients: z.number().int(),
  notification: notificationSchema.nullable(),
});

export const notificationResponse = successEnvelope(notificationSchema);
