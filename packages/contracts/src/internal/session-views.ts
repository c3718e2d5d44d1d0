import { z } from 'zod';
import { storedCountSchema } from '../rest/integer-bounds.ts';
import { textSchema } from '../rest/text.ts';

/** `user:<id>` or `guest:<id>`: who a viewer is, across reloads, nodes and restarts. */
export const viewerKeySchema = textSchema().min(1).max(80);

/**
 * One viewer's visit to a session (a SessionView). The realtime node sends it when the viewer
 * joins (open, `leftAt` null) and again when they leave; `id` makes redelivery idempotent.
 */
export const sessionViewRecordSchema = z
  .object({
    id: z.uuid(),
    sessionId: z.uuid(),
    /** `user:<id>` or `guest:<id>`. */
    viewerKey: viewerKeySchema,
    userId: z.uuid().nullable(),
    guestId: textSchema().min(1).max(64).nullable(),
    role: z.enum(['publisher', 'subscriber']),
    socketId: textSchema().min(1).max(64),
    joinedAt: z.iso.datetime({ offset: true }),
    leftAt: z.iso.datetime({ offset: true }).nullable(),
    /** Whole seconds watched; set with leftAt. */
    watchDuration: storedCountSchema.nullable(),
  })
  .strict();
export type SessionViewRecord = z.infer<typeof sessionViewRecordSchema>;

export const sessionViewBatchSchema = z.object({ views: z.array(sessionViewRecordSchema).min(1).max(5_000) }).strict();

export const sessionViewBatchResultSchema = z.object({
  received: z.number().int(),
  /** Inserted or advanced (a close recorded). */
  saved: z.number().int(),
  /** Sessions that no longer exist. */
  skipped: z.number().int(),
});
