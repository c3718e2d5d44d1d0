import { z } from 'zod';
import { successEnvelope } from '../envelope.ts';
import { decimalIntegerQuery } from './query-numbers.ts';
import { textSchema } from './text.ts';
import { timestampSchema } from './timestamp.ts';

/** Trimmed, 1–500 characters. */
export const chatMessageTextSchema = textSchema().trim().min(1).max(500);

export const sendChatMessageBodySchema = z.object({ message: chatMessageTextSchema }).strict();
export type SendChatMessageBody = z.infer<typeof sendChatMessageBodySchema>;

export const chatMessageSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  message: z.string(),
  userId: z.uuid(),
  /** Only the author's id and name — never another user's email. */
  user: z.object({ id: z.uuid(), name: z.string().nullable(), username: z.string().nullable() }),
  createdAt: timestampSchema,
});
export type ChatMessageView = z.infer<typeof chatMessageSchema>;

export const chatListQuerySchema = z
  .object({
    limit: decimalIntegerQuery({ min: 1, max: 100 }).default(50),
    /** Messages strictly older than this instant (a cursor: pass the oldest createdAt you have). */
    before: z.iso.datetime({ offset: true }).optional(),
    /**
     * With `before`, also returns messages sent in that same millisecond whose id sorts below
     * this one — pass the oldest message's id so a page boundary inside a burst skips nothing.
     */
    beforeId: z.uuid().optional(),
  })
  .refine((query) => query.beforeId === undefined || query.before !== undefined, {
    path: ['beforeId'],
    message: 'needs before',
  });
export type ChatListQuery = z.infer<typeof chatListQuerySchema>;

/** Where the next (older) page starts: pass both as `before` and `beforeId`. */
export const chatCursorSchema = z.object({ before: timestampSchema, beforeId: z.uuid() });
export type ChatCursor = z.infer<typeof chatCursorSchema>;

/**
 * A cursor-paged list has no total or offset: `count` is the number of messages in this page
 * (seed 003's `count`), `next` is null on the last page. GET /count gives the session's total.
 */
export const chatPageMetaSchema = z.object({
  count: z.number().int(),
  limit: z.number().int(),
  hasMore: z.boolean(),
  next: chatCursorSchema.nullable(),
});
export type ChatPageMeta = z.infer<typeof chatPageMetaSchema>;

/** GET /api/sessions/:sessionId/chat: newest first. */
export const chatMessagesEnvelope = successEnvelope(z.array(chatMessageSchema)).extend({ meta: chatPageMetaSchema });

export const chatCountSchema = z.object({ sessionId: z.uuid(), count: z.number().int() });

export const chatMessageDeletedSchema = z.object({ id: z.uuid(), sessionId: z.uuid() });

export const chatMessageParamsSchema = z.object({ sessionId: z.uuid(), messageId: z.uuid() });
