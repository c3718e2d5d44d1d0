import { z } from 'zod';
import { timestampSchema } from './timestamp.ts';

/** Trimmed, 1–500 characters. */
export const chatMessageTextSchema = z.string().trim().min(1).max(500);

export const sendChatMessageBodySchema = z.object({ message: chatMessageTextSchema }).strict();

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

export const chatListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** Messages strictly older than this instant (a cursor: pass the oldest createdAt you have). */
  before: z.iso.datetime({ offset: true }).optional(),
});

export const chatMessageParamsSchema = z.object({ sessionId: z.uuid(), messageId: z.uuid() });
