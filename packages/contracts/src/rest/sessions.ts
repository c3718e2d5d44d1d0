import { z } from 'zod';
import { paginationQuerySchema } from './pagination.ts';
import { textSchema, urlTextSchema } from './text.ts';
import { timestampSchema } from './timestamp.ts';

export const sessionStatusSchema = z.enum(['scheduled', 'live', 'paused', 'ended']);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/** The lifecycle: scheduled → live; live ⇄ paused; live | paused → ended; ended is final. */
export const allowedStatusTransitions: Record<SessionStatus, readonly SessionStatus[]> = {
  scheduled: ['live'],
  live: ['paused', 'ended'],
  paused: ['live', 'ended'],
  ended: [],
};

const tagSchema = textSchema().trim().min(1).max(32);
const urlSchema = urlTextSchema(/^(https?|rtmps?)$/).max(2_048);

const sessionFields = {
  title: textSchema().trim().min(1).max(255),
  description: textSchema().max(10_000).nullable(),
  category: textSchema().trim().min(1).max(64).nullable(),
  tags: z.array(tagSchema).max(20),
  streamUrl: urlSchema.nullable(),
  streamKey: textSchema().min(1).max(255).nullable(),
  enableViewerAnalytics: z.boolean(),
};

export const createSessionBodySchema = z
  .object({
    title: sessionFields.title,
    description: sessionFields.description.optional(),
    category: sessionFields.category.optional(),
    tags: sessionFields.tags.optional(),
    streamUrl: sessionFields.streamUrl.optional(),
    streamKey: sessionFields.streamKey.optional(),
    enableViewerAnalytics: sessionFields.enableViewerAnalytics.optional(),
    /** Linked in this order (displayOrder = index); each must exist and belong to the creator. */
    productIds: z
      .array(z.uuid())
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a product')
      .optional(),
  })
  .strict();
export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;

export const updateSessionBodySchema = z
  .object({
    title: sessionFields.title.optional(),
    description: sessionFields.description.optional(),
    category: sessionFields.category.optional(),
    tags: sessionFields.tags.optional(),
    streamUrl: sessionFields.streamUrl.optional(),
    streamKey: sessionFields.streamKey.optional(),
    enableViewerAnalytics: sessionFields.enableViewerAnalytics.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'nothing to update');
export type UpdateSessionBody = z.infer<typeof updateSessionBodySchema>;

export const updateSessionStatusBodySchema = z.object({ status: sessionStatusSchema }).strict();

export const productSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  price: z.number(),
  imageUrl: z.string().nullable(),
});

/** A product as linked to a session. */
export const sessionProductSchema = productSummarySchema.extend({
  featured: z.boolean(),
  displayOrder: z.number().int(),
  addedAt: timestampSchema,
});
export type SessionProductView = z.infer<typeof sessionProductSchema>;

export const sessionSchema = z.object({
  id: z.uuid(),
  creatorId: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  streamUrl: z.string().nullable(),
  /** Only in the owner's (and admins') view. */
  streamKey: z.string().nullable().optional(),
  status: sessionStatusSchema,
  agoraChannelName: z.string().nullable(),
  startedAt: timestampSchema.nullable(),
  endedAt: timestampSchema.nullable(),
  activeProductId: z.uuid().nullable(),
  enableViewerAnalytics: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type SessionView = z.infer<typeof sessionSchema>;

export const sessionDetailSchema = sessionSchema.extend({
  creator: z.object({ id: z.uuid(), name: z.string().nullable(), username: z.string().nullable() }),
  products: z.array(sessionProductSchema),
  activeProduct: productSummarySchema.nullable(),
});
export type SessionDetailView = z.infer<typeof sessionDetailSchema>;

/** Newest first, one page at a time (the shared `limit` / `offset` rules), optionally one creator's. */
export const sessionListQuerySchema = paginationQuerySchema.extend({ creatorId: z.uuid().optional() });
export type SessionListQuery = z.infer<typeof sessionListQuerySchema>;

export const streamTokenSchema = z.object({
  sessionId: z.uuid(),
  channelName: z.string(),
  token: z.string(),
  uid: z.number().int(),
  appId: z.string(),
  expiresAt: timestampSchema,
  role: z.enum(['publisher', 'subscriber']),
});
export type StreamTokenView = z.infer<typeof streamTokenSchema>;

/** `/api/sessions/:sessionId/…` and every other route of one session (REST and internal). */
export const sessionIdParamsSchema = z.object({ sessionId: z.uuid() });
